import { createHash } from 'node:crypto';
import { aggregateRecords, wrapKplAggregate, type KplUserRecord } from '../../../src/testing/kpl-aggregate';
import { aggregate as referenceAggregate, deaggregate as referenceDeaggregate } from '../../support/aws-kinesis-agg';

interface DecodedAggregate {
  partition_key_table: string[];
  explicit_hash_key_table: string[];
  records: Array<{ partition_key_index: unknown; data: Uint8Array }>;
}
// aws-kinesis-agg's protobufjs model of AggregatedRecord: an independent decoder for the tables.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AggregatedRecord } = require('aws-kinesis-agg/lib/common') as { AggregatedRecord: { decode(bytes: Uint8Array): DecodedAggregate } };

function protobufOf(aggregate: Buffer): DecodedAggregate {
  return AggregatedRecord.decode(aggregate.subarray(4, aggregate.length - 16));
}

describe('aggregateRecords', () => {
  it('writes the same bytes as aws-kinesis-agg for the same records', async () => {
    const records: KplUserRecord[] = [
      { partitionKey: 'order-42', data: '{"type":"order.created"}' },
      { partitionKey: 'ключ-ü-🚀', data: Buffer.from([0, 1, 2, 255]), explicitHashKey: '340282366920938463463374607431768211455' },
      { partitionKey: 'order-42', data: Buffer.alloc(0) },
      { partitionKey: 'order-43', data: 'x', explicitHashKey: '340282366920938463463374607431768211455' },
    ];

    const bytes = aggregateRecords(records);

    expect(bytes).toEqual(await referenceAggregate(records));
  });

  it('is read back by aws-kinesis-agg deaggregateSync with checksums on', () => {
    const records: KplUserRecord[] = Array.from({ length: 100 }, (_, i) => ({
      partitionKey: `customer-${i % 9}`,
      data: JSON.stringify({ type: 'order.created', orderId: i }),
    }));

    const decoded = referenceDeaggregate(aggregateRecords(records));

    expect(decoded.map(({ partitionKey, data }) => ({ partitionKey, data: Buffer.from(data, 'base64').toString() }))).toEqual(
      records.map(({ partitionKey, data }) => ({ partitionKey, data })),
    );
  });

  it('gives aws-kinesis-agg the explicit hash keys of the records that have one', () => {
    const records: KplUserRecord[] = [
      { partitionKey: 'a', data: '1', explicitHashKey: '85070591730234615865843651857942052864' },
      { partitionKey: 'b', data: '2' },
      { partitionKey: 'c', data: '3', explicitHashKey: '170141183460469231731687303715884105728' },
    ];

    const decoded = referenceDeaggregate(aggregateRecords(records));

    // deaggregateSync reports table entry 0 for records without an index, so only these two count.
    expect([decoded[0].explicitPartitionKey, decoded[2].explicitPartitionKey]).toEqual([
      '85070591730234615865843651857942052864',
      '170141183460469231731687303715884105728',
    ]);
  });

  it('stores each distinct key once, in order of first use, and leaves out the index of absent hash keys', () => {
    const records: KplUserRecord[] = [
      { partitionKey: 'b', data: '1', explicitHashKey: '9' },
      { partitionKey: '7', data: '2' },
      { partitionKey: 'b', data: '3', explicitHashKey: '1' },
      { partitionKey: '7', data: '4', explicitHashKey: '9' },
    ];

    const message = protobufOf(aggregateRecords(records));

    expect(message.partition_key_table).toEqual(['b', '7']);
    expect(message.explicit_hash_key_table).toEqual(['9', '1']);
    expect(message.records.map((record) => Object.prototype.hasOwnProperty.call(record, 'explicit_hash_key_index'))).toEqual([true, false, true, true]);
  });

  it('keeps keys that look like numbers pointing at the right records', () => {
    // aws-kinesis-agg's own encoder gets this wrong: its Object.keys tables put '7' before 'b'.
    const records: KplUserRecord[] = [
      { partitionKey: 'b', data: 'first' },
      { partitionKey: '7', data: 'second' },
    ];

    const decoded = referenceDeaggregate(aggregateRecords(records));

    expect(decoded.map((record) => record.partitionKey)).toEqual(['b', '7']);
  });

  it('encodes string data as UTF-8', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'naïve 🚀' }]);

    const [record] = protobufOf(bytes).records;

    expect(Buffer.from(record.data)).toEqual(Buffer.from('naïve 🚀', 'utf8'));
  });

  it('writes indexes and lengths of several varint bytes correctly', () => {
    const big = Buffer.alloc(70_000, 0x61);
    const records: KplUserRecord[] = Array.from({ length: 300 }, (_, i) => ({ partitionKey: `key-${i}`, data: i === 299 ? big : 'x' }));

    const decoded = referenceDeaggregate(aggregateRecords(records));

    expect(decoded[299].partitionKey).toBe('key-299');
    expect(Buffer.from(decoded[299].data, 'base64')).toEqual(big);
  });

  it('writes a valid aggregate without records for an empty list', () => {
    const bytes = aggregateRecords([]);

    expect(referenceDeaggregate(bytes)).toEqual([]);
  });

  it('closes the aggregate with the MD5 digest of the protobuf message', () => {
    const bytes = aggregateRecords([{ partitionKey: 'k', data: 'x' }]);

    const digest = createHash('md5')
      .update(bytes.subarray(4, bytes.length - 16))
      .digest();

    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0xf3, 0x89, 0x9a, 0xc2]));
    expect(bytes.subarray(bytes.length - 16)).toEqual(digest);
  });

  it.each([
    ['a partition key that is not a string', { partitionKey: 42, data: 'x' }, 'records[1].partitionKey must be a string'],
    ['data that is neither a string nor bytes', { partitionKey: 'k', data: { a: 1 } }, 'records[1].data must be a string or a Uint8Array'],
    [
      'an explicit hash key that is not a string',
      { partitionKey: 'k', data: 'x', explicitHashKey: 5 },
      'records[1].explicitHashKey must be a string when given',
    ],
  ])('rejects %s with a TypeError naming the record', (_case, bad, message) => {
    const records = [{ partitionKey: 'ok', data: 'x' }, bad] as unknown as KplUserRecord[];

    expect(() => aggregateRecords(records)).toThrow(new TypeError(message));
  });
});

describe('wrapKplAggregate', () => {
  it('frames a hand-made message so that aws-kinesis-agg accepts its digest', () => {
    // partition_key_table: ['k']; records: [{ partition_key_index: 0, data: 'hi' }]
    const message = Uint8Array.from([0x0a, 0x01, 0x6b, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x68, 0x69]);

    const decoded = referenceDeaggregate(wrapKplAggregate(message));

    expect(decoded.map(({ partitionKey, data }) => [partitionKey, Buffer.from(data, 'base64').toString()])).toEqual([['k', 'hi']]);
  });
});
