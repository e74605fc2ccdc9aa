import { deaggregate, isKplAggregate, KplDecodeError, type KplSubRecord } from '../../../../src/records/kpl';
import { aggregateRecords, wrapKplAggregate } from '../../../../src/testing/kpl-aggregate';
import { aggregate as referenceAggregate, deaggregate as referenceDeaggregate } from '../../../support/aws-kinesis-agg';

interface UserRecord {
  partitionKey: string;
  data: Buffer;
  explicitHashKey?: string;
}

function expectedSubRecords(records: UserRecord[]): KplSubRecord[] {
  return records.map(({ partitionKey, data, explicitHashKey }) => ({ partitionKey, explicitHashKey, data }));
}

function thrown(action: () => unknown): KplDecodeError {
  try {
    action();
  } catch (error) {
    if (error instanceof KplDecodeError) return error;
    throw error;
  }
  throw new Error('expected a KplDecodeError, but nothing was thrown');
}

// Hand-made protobuf, for what no encoder writes on its own.
function varint(value: number | bigint): number[] {
  let rest = BigInt(value);
  const bytes: number[] = [];
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return bytes;
}
const utf8 = (text: string): number[] => [...Buffer.from(text, 'utf8')];
const lengthDelimited = (field: number, content: number[]): number[] => [(field << 3) | 2, ...varint(content.length), ...content];
const varintField = (field: number, value: number | bigint): number[] => [field << 3, ...varint(value)];
const partitionKeyEntry = (key: string): number[] => lengthDelimited(1, utf8(key));
const explicitHashKeyEntry = (key: string): number[] => lengthDelimited(2, utf8(key));
const recordField = (...fields: number[][]): number[] => lengthDelimited(3, fields.flat());
const partitionKeyIndex = (index: number | bigint): number[] => varintField(1, index);
const explicitHashKeyIndex = (index: number | bigint): number[] => varintField(2, index);
const dataField = (data: string): number[] => lengthDelimited(3, utf8(data));
const tagField = (...fields: number[][]): number[] => lengthDelimited(4, fields.flat());
const aggregateOf = (...fields: number[][]): Buffer => wrapKplAggregate(Uint8Array.from(fields.flat()));

describe('deaggregate, on aggregates written by aws-kinesis-agg', () => {
  it('decodes a single user record', async () => {
    const records = [{ partitionKey: 'order-42', data: Buffer.from('{"type":"order.created"}') }];
    const bytes = await referenceAggregate(records);

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual(expectedSubRecords(records));
  });

  it('decodes 1,000 user records in order', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      partitionKey: `customer-${i % 37}`,
      data: Buffer.from(JSON.stringify({ type: 'order.created', orderId: i })),
    }));
    const bytes = await referenceAggregate(records);

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual(expectedSubRecords(records));
  });

  it('decodes non-ASCII partition keys', async () => {
    const records = [
      { partitionKey: 'ключ-ü-🚀', data: Buffer.from('a') },
      { partitionKey: '注文-七', data: Buffer.from('b') },
    ];
    const bytes = await referenceAggregate(records);

    const subRecords = deaggregate(bytes);

    expect(subRecords.map((record) => record.partitionKey)).toEqual(['ключ-ü-🚀', '注文-七']);
  });

  it('decodes an empty data field as an empty buffer', async () => {
    const records = [
      { partitionKey: 'k', data: Buffer.alloc(0) },
      { partitionKey: 'k', data: Buffer.from('x') },
    ];
    const bytes = await referenceAggregate(records);

    const [empty] = deaggregate(bytes);

    expect(empty.data).toEqual(Buffer.alloc(0));
  });

  it('sets explicitHashKey only on the records that were given one', async () => {
    // Keys above 2^32: aws-kinesis-agg builds its tables with Object.keys, which moves keys that look
    // like array indexes ('0', '7') to the front and so writes records that point at the wrong key.
    const records = [
      { partitionKey: 'a', data: Buffer.from('1') },
      { partitionKey: 'b', data: Buffer.from('2'), explicitHashKey: '340282366920938463463374607431768211455' },
      { partitionKey: 'c', data: Buffer.from('3') },
      { partitionKey: 'd', data: Buffer.from('4'), explicitHashKey: '170141183460469231731687303715884105728' },
    ];
    const bytes = await referenceAggregate(records);

    const subRecords = deaggregate(bytes);

    expect(subRecords.map((record) => record.explicitHashKey)).toEqual([
      undefined,
      '340282366920938463463374607431768211455',
      undefined,
      '170141183460469231731687303715884105728',
    ]);
  });

  it('resolves repeated partition and explicit hash keys through the shared tables', async () => {
    const records = [
      { partitionKey: 'same', data: Buffer.from('1'), explicitHashKey: '85070591730234615865843651857942052864' },
      { partitionKey: 'other', data: Buffer.from('2') },
      { partitionKey: 'same', data: Buffer.from('3'), explicitHashKey: '85070591730234615865843651857942052864' },
    ];
    const bytes = await referenceAggregate(records);

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual(expectedSubRecords(records));
  });

  it('returns the same keys and data as aws-kinesis-agg deaggregateSync', async () => {
    const records = Array.from({ length: 50 }, (_, i) => ({ partitionKey: `key-${i % 7}`, data: Buffer.from(`payload ${i}`) }));
    const bytes = await referenceAggregate(records);
    const reference = referenceDeaggregate(bytes);

    const subRecords = deaggregate(bytes);

    expect(subRecords.map(({ partitionKey, data }) => ({ partitionKey, data: data.toString('base64') }))).toEqual(
      reference.map(({ partitionKey, data }) => ({ partitionKey, data })),
    );
  });
});

describe('deaggregate data', () => {
  it('is a view into the input bytes, not a copy', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'hello' }]);

    const [{ data }] = deaggregate(bytes);
    bytes[bytes.indexOf('hello')] = 0x4a;

    expect(data.toString()).toBe('Jello');
  });

  it('is a Buffer over the same memory when the input is a plain Uint8Array', () => {
    const aggregate = aggregateRecords([{ partitionKey: 'k', data: 'hello' }]);
    const bytes = new Uint8Array(aggregate.buffer, aggregate.byteOffset, aggregate.byteLength);

    const [{ data }] = deaggregate(bytes);

    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.toString()).toBe('hello');
  });
});

describe('deaggregate, on hand-made protobuf', () => {
  it('decodes records that come before the key tables', () => {
    const bytes = aggregateOf(recordField(partitionKeyIndex(0), explicitHashKeyIndex(0), dataField('x')), partitionKeyEntry('k'), explicitHashKeyEntry('7'));

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual([{ partitionKey: 'k', explicitHashKey: '7', data: Buffer.from('x') }]);
  });

  it('decodes key table entries of 128 bytes and more, whose lengths take two bytes', () => {
    const partitionKey = 'p'.repeat(200);
    const explicitHashKey = '1'.repeat(130);
    const bytes = aggregateOf(
      partitionKeyEntry(partitionKey),
      explicitHashKeyEntry(explicitHashKey),
      recordField(partitionKeyIndex(0), explicitHashKeyIndex(0), dataField('x')),
    );

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual([{ partitionKey, explicitHashKey, data: Buffer.from('x') }]);
  });

  it('skips unknown fields of every wire type in the aggregate, in records and in tags', () => {
    const unknownFields = [
      varintField(9, 300),
      [(10 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8],
      lengthDelimited(11, utf8('future')),
      [(12 << 3) | 3, ...varintField(1, 1), (12 << 3) | 4],
      [(13 << 3) | 5, 1, 2, 3, 4],
    ].flat();
    const bytes = aggregateOf(
      unknownFields,
      partitionKeyEntry('k'),
      recordField(unknownFields, partitionKeyIndex(0), unknownFields, dataField('x'), tagField(lengthDelimited(1, utf8('t')), unknownFields)),
      unknownFields,
    );

    const subRecords = deaggregate(bytes);

    expect(subRecords).toEqual([{ partitionKey: 'k', explicitHashKey: undefined, data: Buffer.from('x') }]);
  });

  it('accepts tags with a key, with or without a value', () => {
    const bytes = aggregateOf(
      partitionKeyEntry('k'),
      recordField(
        partitionKeyIndex(0),
        dataField('x'),
        tagField(lengthDelimited(1, utf8('env'))),
        tagField(lengthDelimited(1, utf8('team')), lengthDelimited(2, utf8('orders'))),
      ),
    );

    expect(deaggregate(bytes)).toHaveLength(1);
  });

  it('takes the last occurrence of a field that appears twice in a record, as protobuf does', () => {
    const bytes = aggregateOf(
      partitionKeyEntry('a'),
      partitionKeyEntry('b'),
      recordField(partitionKeyIndex(0), dataField('first'), partitionKeyIndex(1), dataField('last')),
    );

    const [subRecord] = deaggregate(bytes);

    expect(subRecord).toEqual({ partitionKey: 'b', explicitHashKey: undefined, data: Buffer.from('last') });
  });

  it('returns no sub-records for an aggregate without records', () => {
    const bytes = aggregateOf(partitionKeyEntry('k'));

    expect(deaggregate(bytes)).toEqual([]);
  });
});

describe('deaggregate, on what its fast paths leave to the general reader', () => {
  it('decodes long keys, large key indexes and large data, as aws-kinesis-agg does', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      partitionKey: `${'p'.repeat(i % 3 === 0 ? 200 : 5)}-${i}`,
      explicitHashKey: String(BigInt(i) * 10n ** 30n),
      data: Buffer.alloc(i === 7 ? 20_000 : 150, i),
    }));

    const subRecords = deaggregate(await referenceAggregate(records));

    expect(subRecords).toEqual(expectedSubRecords(records));
  });

  it('decodes varints written longer than they need to be', () => {
    const padded = (value: number): number[] => [0x80 | value, 0x80, 0x80, 0x80, 0x80, 0];
    const bytes = aggregateOf(
      [0x0a, ...padded(1), 0x6b],
      recordField([0x08, ...padded(0)], [0x1a, ...padded(1), 0x78]),
      [0x1a, ...padded(5)],
      partitionKeyIndex(0),
      dataField('y'),
    );

    expect(deaggregate(bytes)).toEqual([
      { partitionKey: 'k', explicitHashKey: undefined, data: Buffer.from('x') },
      { partitionKey: 'k', explicitHashKey: undefined, data: Buffer.from('y') },
    ]);
  });

  it('decodes keys as UTF-8 whatever sits around them: ASCII and other keys side by side, invalid bytes, tables apart', () => {
    const bytes = aggregateOf(
      partitionKeyEntry('ascii'),
      partitionKeyEntry('clé-ß-日本'),
      lengthDelimited(1, [0x6b, 0xff, 0x6b]),
      recordField(partitionKeyIndex(0), dataField('a')),
      recordField(partitionKeyIndex(1), explicitHashKeyIndex(0), dataField('b')),
      recordField(partitionKeyIndex(2), dataField('c')),
      explicitHashKeyEntry('12345'),
    );

    const keys = deaggregate(bytes).map(({ partitionKey, explicitHashKey }) => [partitionKey, explicitHashKey]);

    expect(keys).toEqual([
      ['ascii', undefined],
      ['clé-ß-日本', '12345'],
      ['k\ufffdk', undefined],
    ]);
  });
});

describe('deaggregate rejects', () => {
  it('input too short to hold the magic bytes and the digest', () => {
    const error = thrown(() => deaggregate(Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, 0, 0])));

    expect(error.message).toBe('input of 6 bytes is too short for a KPL aggregate (at least 20)');
  });

  it('input without the magic bytes', () => {
    const bytes = Buffer.from('{"type":"order.created","orderId":"42"}');

    expect(() => deaggregate(bytes)).toThrow('input does not start with the KPL magic bytes F3 89 9A C2');
  });

  it('an aggregate with a flipped byte in its MD5 digest', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'hello' }]);
    bytes[bytes.length - 3] ^= 0x01;

    const error = thrown(() => deaggregate(bytes));

    expect(error.message).toMatch(/^MD5 digest of bytes 4 to \d+ does not match: the aggregate is corrupt or truncated$/);
    expect(error.byteOffset).toBe(bytes.length - 16);
  });

  it('an aggregate with a flipped byte in its protobuf message', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'hello' }]);
    bytes[bytes.indexOf('hello')] ^= 0x20;

    expect(() => deaggregate(bytes)).toThrow(/^MD5 digest of bytes 4 to \d+ does not match/);
  });

  it.each([21, 30, 40])('an aggregate cut to its first %i bytes', (length) => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'a payload of some length' }]);

    expect(() => deaggregate(bytes.subarray(0, length))).toThrow(KplDecodeError);
  });

  it.each([
    // body: 0a 01 6b | 1a 09 08 00 1a 05 68 65 6c 6c 6f; offsets below count from the first magic byte
    [2, 'length-delimited field declares 1 bytes but only 0 remain at byte 5'],
    [4, 'truncated varint at byte 8 in record 0'],
    [6, 'length-delimited field declares 9 bytes but only 1 remain at byte 8 in record 0'],
    [10, 'length-delimited field declares 9 bytes but only 5 remain at byte 8 in record 0'],
  ])('a protobuf message cut to %i bytes, even with a valid digest', (length, message) => {
    const body = [...partitionKeyEntry('k'), ...recordField(partitionKeyIndex(0), dataField('hello'))];
    const bytes = wrapKplAggregate(Uint8Array.from(body.slice(0, length)));

    expect(() => deaggregate(bytes)).toThrow(message);
  });

  it('a protobuf message cut at any byte, unless the cut falls between two fields', () => {
    const records = [
      { partitionKey: 'a', data: 'first', explicitHashKey: '1' },
      { partitionKey: 'ключ', data: 'second' },
    ];
    const whole = aggregateRecords(records);
    const body = whole.subarray(4, whole.length - 16);
    const original = deaggregate(whole);
    const outcomes = new Set<string>();

    for (let length = 0; length < body.length; length++) {
      const bytes = wrapKplAggregate(body.subarray(0, length));
      try {
        const subRecords = deaggregate(bytes);
        // A cut between fields is itself a valid message: it holds the records before the cut.
        expect(subRecords).toEqual(original.slice(0, subRecords.length));
        outcomes.add('prefix');
      } catch (error) {
        expect(error).toBeInstanceOf(KplDecodeError);
        outcomes.add('error');
      }
    }

    expect(outcomes).toEqual(new Set(['prefix', 'error']));
  });

  it('a record whose partition key index is past the end of the table', () => {
    const bytes = aggregateOf(
      partitionKeyEntry('a'),
      partitionKeyEntry('b'),
      recordField(partitionKeyIndex(0), dataField('x')),
      recordField(partitionKeyIndex(5), dataField('y')),
    );

    const error = thrown(() => deaggregate(bytes));

    expect(error.message).toBe('record 1 refers to partition key index 5 but the table has 2 entries');
    expect(error.recordIndex).toBe(1);
  });

  it('a record whose explicit hash key index points into an empty table', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(partitionKeyIndex(0), explicitHashKeyIndex(0), dataField('x')));

    expect(() => deaggregate(bytes)).toThrow('record 0 refers to explicit hash key index 0 but the table has 0 entries');
  });

  it('an index that no table could reach, naming its exact 64-bit value', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(partitionKeyIndex(2n ** 64n - 1n), dataField('x')));

    expect(() => deaggregate(bytes)).toThrow('partition key index 18446744073709551615 is larger than any key table can be at byte 9 in record 0');
  });

  it('a record without its required data field', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(partitionKeyIndex(0)));

    const error = thrown(() => deaggregate(bytes));

    expect(error.message).toBe('required field data missing at byte 7 in record 0');
    expect(error.recordIndex).toBe(0);
  });

  it('a later record without its required data field, named by its position', () => {
    // Records 0 and 1 take the fast path; record 2 fails on the general path, which counts the records before it.
    const bytes = aggregateOf(
      partitionKeyEntry('a'),
      recordField(partitionKeyIndex(0), dataField('x')),
      recordField(partitionKeyIndex(0), dataField('y')),
      recordField(partitionKeyIndex(0)),
    );

    const error = thrown(() => deaggregate(bytes));

    expect(error.message).toBe('required field data missing at byte 21 in record 2');
    expect(error.recordIndex).toBe(2);
  });

  it('a record without its required partition key index', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(dataField('x')), recordField(partitionKeyIndex(0), dataField('y')));

    expect(() => deaggregate(bytes)).toThrow('required field partition_key_index missing at byte 7 in record 0');
  });

  it('a tag without its required key', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(partitionKeyIndex(0), dataField('x'), tagField(lengthDelimited(2, utf8('v')))));

    expect(() => deaggregate(bytes)).toThrow('required field key missing in tag 0 at byte 14 in record 0');
  });

  it.each([
    ['records sent as a varint', [varintField(3, 1)], 'AggregatedRecord field records has wire type 0 (varint), expected 2 (length-delimited) at byte 4'],
    [
      'a partition key table entry sent as fixed32',
      [[(1 << 3) | 5, 0x61, 0x62, 0x63, 0x64]],
      'AggregatedRecord field partition_key_table has wire type 5 (fixed32)',
    ],
    [
      'data sent as a varint',
      [partitionKeyEntry('a'), recordField(partitionKeyIndex(0), varintField(3, 1))],
      'Record field data has wire type 0 (varint), expected 2 (length-delimited) at byte 11 in record 0',
    ],
    [
      'a partition key index sent as bytes',
      [partitionKeyEntry('a'), recordField(lengthDelimited(1, [0]), dataField('x'))],
      'Record field partition_key_index has wire type 2 (length-delimited), expected 0 (varint)',
    ],
    [
      'an explicit hash key index sent as fixed64',
      [partitionKeyEntry('a'), recordField(partitionKeyIndex(0), [(2 << 3) | 1, 0, 0, 0, 0, 0, 0, 0, 0], dataField('x'))],
      'Record field explicit_hash_key_index has wire type 1 (fixed64)',
    ],
    [
      'tags sent as a varint',
      [partitionKeyEntry('a'), recordField(partitionKeyIndex(0), dataField('x'), varintField(4, 1))],
      'Record field tags has wire type 0 (varint)',
    ],
    [
      'a tag key sent as a varint',
      [partitionKeyEntry('a'), recordField(partitionKeyIndex(0), dataField('x'), tagField(varintField(1, 1)))],
      'Tag field key has wire type 0 (varint)',
    ],
  ])('%s', (_case, fields, message) => {
    const bytes = aggregateOf(...fields);

    expect(() => deaggregate(bytes)).toThrow(message);
  });

  it('a data field whose length runs past the end of its record, though not past the message', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(partitionKeyIndex(0), [0x1a, 0x05, 0x78]), recordField(partitionKeyIndex(0), dataField('y')));

    expect(() => deaggregate(bytes)).toThrow('length-delimited field declares 5 bytes but only 1 remain at byte 12 in record 0');
  });

  it('a varint that runs past the end of its record', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), recordField(dataField('x'), [0x08, 0x80]), recordField(partitionKeyIndex(0), dataField('y')));

    expect(() => deaggregate(bytes)).toThrow('truncated varint at byte 13 in record 0');
  });

  it('a record whose length runs past the end of the message', () => {
    const bytes = aggregateOf(partitionKeyEntry('a'), [0x1a, 0x20, ...partitionKeyIndex(0)]);

    expect(() => deaggregate(bytes)).toThrow('length-delimited field declares 32 bytes but only 2 remain at byte 8 in record 0');
  });

  it('with messages that never contain payload bytes or keys', () => {
    const secret = 'SECRET-PAYLOAD';
    const corrupt = [
      aggregateOf(partitionKeyEntry(secret), recordField(partitionKeyIndex(3), dataField(secret))),
      aggregateOf(partitionKeyEntry(secret), recordField(partitionKeyIndex(0), dataField(secret), varintField(4, 1))),
      aggregateOf(partitionKeyEntry(secret), recordField(partitionKeyIndex(0), lengthDelimited(3, utf8(secret)).slice(0, 8))),
      aggregateRecords([{ partitionKey: secret, data: secret }]).subarray(0, 30),
    ];

    const messages = corrupt.map((bytes) => thrown(() => deaggregate(bytes)).message);

    expect(messages.filter((message) => message.includes('SECRET'))).toEqual([]);
  });

  it('with an error named KplDecodeError that is an Error', () => {
    const error = thrown(() => deaggregate(Buffer.from('not an aggregate, long enough')));

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KplDecodeError');
  });
});

describe('isKplAggregate', () => {
  it('recognises an aggregate', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'x' }]);

    expect(isKplAggregate(bytes)).toBe(true);
  });

  it('recognises the smallest aggregate: magic bytes, empty message, digest', () => {
    const bytes = wrapKplAggregate(new Uint8Array(0));

    expect(bytes).toHaveLength(20);
    expect(isKplAggregate(bytes)).toBe(true);
  });

  it.each([
    ['JSON', Buffer.from('{"type":"order.created","orderId":"42"}')],
    ['an empty input', Buffer.alloc(0)],
    ['the magic bytes without room for a digest', Buffer.from([0xf3, 0x89, 0x9a, 0xc2, ...new Array<number>(15).fill(0)])],
    ['three of the four magic bytes', Buffer.from([0xf3, 0x89, 0x9a, 0xc3, ...new Array<number>(40).fill(0)])],
    ['gzip data', Buffer.from([0x1f, 0x8b, 0x08, ...new Array<number>(40).fill(0)])],
  ])('rejects %s', (_case, bytes) => {
    expect(isKplAggregate(bytes)).toBe(false);
  });
});
