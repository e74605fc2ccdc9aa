import { InvalidUtf8Error, jsonCodec } from '../../../../src/records/codecs/json.codec';
import { ForbiddenKeyError } from '../../../../src/records/codecs/safe-json';
import { codecContract } from 'shardline/testing';
import { createStreamRecord } from '../../../../src/records/stream-record';
import { kinesisRecord } from '../../../../src/testing/kinesis-event.factory';

codecContract('json', jsonCodec, {
  valid: [
    {
      name: 'an object with nested arrays',
      bytes: '{"type":"order.created","lines":[{"sku":"tea","qty":2}]}',
      expected: { type: 'order.created', lines: [{ sku: 'tea', qty: 2 }] },
    },
    { name: 'non-ASCII text', bytes: '{"name":"Zoë 🚀 注文"}', expected: { name: 'Zoë 🚀 注文' } },
    { name: 'a bare number', bytes: '42', expected: 42 },
    { name: 'null', bytes: 'null', expected: null },
    { name: 'surrounding whitespace', bytes: ' \n{"a":1}\t', expected: { a: 1 } },
  ],
  invalid: [
    { name: 'truncated JSON', bytes: '{"a":' },
    { name: 'plain text', bytes: 'order created' },
    { name: 'two documents', bytes: '{"a":1}{"b":2}' },
    { name: 'a __proto__ key', bytes: '{"__proto__":{"admin":true}}' },
    { name: 'invalid UTF-8 inside a string', bytes: Uint8Array.of(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d) },
  ],
  empty: 'throws',
});

describe('jsonCodec', () => {
  const decode = (bytes: Buffer) => jsonCodec.decode(bytes, createStreamRecord(kinesisRecord({ data: bytes }), 'k', undefined, undefined, bytes));

  it('refuses a __proto__ key with a ForbiddenKeyError', () => {
    const bytes = Buffer.from('{"__proto__":{"admin":true}}');

    expect(() => decode(bytes)).toThrow(ForbiddenKeyError);
  });

  it('says that invalid UTF-8 is the problem, without quoting the bytes', () => {
    const bytes = Buffer.from([0x22, 0xc3, 0x28, 0x22]);

    expect(() => decode(bytes)).toThrow(/^the data is not valid UTF-8$/);
  });

  it.each([
    ['ForbiddenKeyError', '{"__proto__":{"admin":true}}', ForbiddenKeyError],
    ['InvalidUtf8Error', Uint8Array.of(0x22, 0xc3, 0x28, 0x22), InvalidUtf8Error],
  ])('names its %s, in name and in the first line of the stack', (name, bytes, errorClass) => {
    let error: unknown;
    try {
      decode(Buffer.from(bytes));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).name).toBe(name);
    expect((error as Error).stack).toMatch(new RegExp(`^${name}: `));
  });
});
