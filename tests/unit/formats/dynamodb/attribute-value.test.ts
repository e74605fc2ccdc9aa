import { checkDynamoDBImage, unmarshallImage, type DynamoDBImage } from '../../../../src/formats/dynamodb';

function nestedLists(depth: number): DynamoDBImage {
  let value: DynamoDBImage[string] = { S: 'bottom' };
  for (let i = 0; i < depth; i++) value = { L: [value] };
  return { deep: value };
}

describe('checkDynamoDBImage', () => {
  it('accepts every attribute type DynamoDB JSON has', () => {
    const image = {
      s: { S: 'text' },
      n: { N: '-1.5E3' },
      b: { B: 'AAEC' },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.5'] },
      bs: { BS: ['AA==', 'AQI='] },
      m: { M: { inner: { BOOL: false } } },
      l: { L: [{ NULL: true }, { S: 'x' }] },
    };

    expect(checkDynamoDBImage(image)).toBeUndefined();
  });

  it.each([
    [{ a: 'plain' }, 'a must be an object with exactly one of S, N, B, SS, NS, BS, M, L, NULL or BOOL'],
    [{ a: { S: 'x', N: '1' } }, 'a must be an object with exactly one of'],
    [{ a: { N: 'twelve' } }, 'a: N must be a number in a string'],
    [{ a: { N: 12 } }, 'a: N must be a number in a string'],
    [{ a: { B: 'not base64!' } }, 'a: B must be a base64 string'],
    [{ a: { NULL: false } }, 'a: NULL must be true'],
    [{ a: { X: 'y' } }, 'a has the unknown type "X"'],
    [{ a: { M: { b: { L: [{ S: 'ok' }, { SS: 'no' }] } } } }, 'a.M.b.L[1]: SS must be an array of strings'],
  ])('rejects %j, naming the path to the bad value', (image, problem) => {
    expect(checkDynamoDBImage(image)).toContain(problem);
  });

  it('rejects an attribute named __proto__ at any depth', () => {
    const image: unknown = JSON.parse('{"m":{"M":{"__proto__":{"S":"x"}}}}');

    expect(checkDynamoDBImage(image)).toBe('m.M: the attribute name __proto__ cannot be a property of a plain object');
  });

  it('rejects an image that is not an object', () => {
    expect(checkDynamoDBImage([{ S: 'x' }])).toBe('the image must be an object of attribute values');
  });

  it('accepts the 32 levels of nesting DynamoDB allows', () => {
    expect(checkDynamoDBImage(nestedLists(31))).toBeUndefined();
  });

  it('rejects nesting deeper than DynamoDB allows', () => {
    expect(checkDynamoDBImage(nestedLists(32))).toContain('is nested deeper than the 32 levels DynamoDB allows');
  });
});

describe('unmarshallImage', () => {
  it('converts every attribute type to its plain JavaScript value', () => {
    const image: DynamoDBImage = {
      s: { S: 'text' },
      n: { N: '42' },
      big: { N: '12345678901234567890' },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2'] },
      m: { M: { flag: { BOOL: true }, nothing: { NULL: true } } },
      l: { L: [{ N: '1.5' }, { S: 'x' }] },
    };

    const item = unmarshallImage(image);

    expect(item).toEqual({
      s: 'text',
      n: 42,
      big: 12345678901234567890n,
      ss: new Set(['a', 'b']),
      ns: new Set([1, 2]),
      m: { flag: true, nothing: null },
      l: [1.5, 'x'],
    });
  });

  it('turns base64 binary values into bytes, in sets and nested maps too', () => {
    const image: DynamoDBImage = { b: { B: 'AAEC' }, bs: { BS: ['/w=='] }, m: { M: { inner: { B: 'aGk=' } } } };

    const item = unmarshallImage(image) as { b: Buffer; bs: Set<Buffer>; m: { inner: Buffer } };

    expect(item.b).toEqual(Buffer.from([0, 1, 2]));
    expect([...item.bs]).toEqual([Buffer.from([0xff])]);
    expect(item.m.inner.toString()).toBe('hi');
  });

  it('converts an image once and gives the same object on every read', () => {
    const image: DynamoDBImage = { id: { S: 'a' } };

    const first = unmarshallImage(image);
    const second = unmarshallImage(image);

    expect(second).toBe(first);
  });

  it('leaves the image it converts unchanged', () => {
    const image: DynamoDBImage = { b: { B: 'AAEC' }, l: { L: [{ B: 'AA==' }] } };
    const before = JSON.stringify(image);

    unmarshallImage(image);

    expect(JSON.stringify(image)).toBe(before);
  });

  it('refuses an attribute named __proto__, which unmarshall would turn into the prototype', () => {
    const image = JSON.parse('{"m":{"M":{"__proto__":{"M":{"admin":{"BOOL":true}}}}}}') as DynamoDBImage;

    expect(() => unmarshallImage(image)).toThrow('the attribute name __proto__ cannot be a property of a plain object');
  });
});
