import type { KinesisStreamEvent, KinesisStreamRecord } from '../types.js';

/**
 * What a test record is made of. `data` becomes the record's bytes: an object or array as JSON, a
 * string as UTF-8, bytes as they are.
 *
 * @example
 * kinesisRecord({ data: { type: 'order.created', orderId: 'o-1' }, partitionKey: 'customer-7' });
 */
export interface RecordSpec {
  data: unknown;
  partitionKey?: string;
  sequenceNumber?: string | bigint;
  shardId?: string;
  approximateArrivalTimestamp?: number;
  streamName?: string;
  region?: string;
  accountId?: string;
}

/** Options shared by the records of one event. */
export interface EventOptions {
  shardId?: string;
  streamName?: string;
  region?: string;
  accountId?: string;
  /** The first record's sequence number; the next ones ascend from it. */
  firstSequenceNumber?: string | bigint;
}

/** A realistic 56-digit sequence number, the shape real shards hand out. */
export const FIRST_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;
/** Real sequence numbers of consecutive records are not consecutive integers. */
const SEQUENCE_STEP = 1_000_000_000n;

let counter = 0n;

function toBytes(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(JSON.stringify(data), 'utf8');
}

/**
 * One Kinesis event record, as Lambda delivers it: base64 data, a 56-digit sequence number,
 * `eventID` as `shardId-...:sequence`, region and ARNs.
 *
 * @example
 * const record = kinesisRecord({ data: 'hello', partitionKey: '1' });
 * Buffer.from(record.kinesis.data, 'base64').toString(); // 'hello'
 */
export function kinesisRecord(spec: RecordSpec): KinesisStreamRecord {
  const sequenceNumber = String(spec.sequenceNumber ?? FIRST_SEQUENCE_NUMBER + SEQUENCE_STEP * counter++);
  const shardId = spec.shardId ?? 'shardId-000000000000';
  const region = spec.region ?? 'us-east-1';
  const accountId = spec.accountId ?? '123456789012';
  const streamName = spec.streamName ?? 'shardline-test';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: spec.partitionKey ?? 'partition-1',
      sequenceNumber,
      data: toBytes(spec.data).toString('base64'),
      approximateArrivalTimestamp: spec.approximateArrivalTimestamp ?? 1_764_000_000.123,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${accountId}:role/shardline-test-role`,
    awsRegion: region,
    eventSourceARN: `arn:aws:kinesis:${region}:${accountId}:stream/${streamName}`,
  };
}

/**
 * A Kinesis event of one shard, its records in ascending sequence order. Each entry is a record spec,
 * or a ready record (from `kinesisRecord`) taken as it is.
 *
 * @example
 * const event = kinesisEvent([
 *   { data: { type: 'order.created', orderId: 'o-1', total: 3 }, partitionKey: 'c-1' },
 *   { data: 'not json', partitionKey: 'c-2' },
 * ]);
 */
export function kinesisEvent(records: ReadonlyArray<RecordSpec | KinesisStreamRecord>, options: EventOptions = {}): KinesisStreamEvent {
  const first = options.firstSequenceNumber === undefined ? FIRST_SEQUENCE_NUMBER + SEQUENCE_STEP * counter : BigInt(options.firstSequenceNumber);
  counter += BigInt(records.length);
  return {
    Records: records.map((entry, i) =>
      'kinesis' in entry
        ? entry
        : kinesisRecord({
            shardId: options.shardId,
            streamName: options.streamName,
            region: options.region,
            accountId: options.accountId,
            sequenceNumber: first + SEQUENCE_STEP * BigInt(i),
            ...entry,
          }),
    ),
  };
}
