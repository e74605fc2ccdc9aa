import type { KinesisStreamEvent, KinesisStreamRecord, KinesisStreamTumblingWindowEvent, WindowState } from '../types.js';

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
  /** Makes a tumbling-window event: the window its records belong to (a `Date` is written as Lambda writes times, `2020-12-09T07:04:00Z`). */
  window?: { start: string | Date; end: string | Date };
  /** With `window`: the state the window's previous invocation returned. Default `{}`, a window that opens. */
  state?: WindowState;
  /** With `window`: the window's final invocation (`isFinalInvokeForWindow`). Default false. */
  final?: boolean;
  /** With `window`: Lambda ended the window early (`isWindowTerminatedEarly`). Default false. */
  terminatedEarly?: boolean;
}

/**
 * Options of a tumbling-window event: `window` is given.
 *
 * @example
 * const options: WindowEventOptions = { window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' }, state: { sum: 3 } };
 */
export type WindowEventOptions = EventOptions & { window: { start: string | Date; end: string | Date } };

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

/** A time as Lambda writes a window's bounds: ISO 8601 in UTC, without milliseconds when there are none. */
function lambdaTime(time: string | Date): string {
  if (typeof time === 'string') return time;
  const iso = time.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * A Kinesis event of one shard, its records in ascending sequence order. Each entry is a record spec,
 * or a ready record (from `kinesisRecord`) taken as it is. With `window`, a tumbling-window event:
 * the records plus `window`, `state`, `shardId`, `eventSourceARN`, `isFinalInvokeForWindow` and
 * `isWindowTerminatedEarly`, as Lambda sends them.
 *
 * @example
 * const event = kinesisEvent([
 *   { data: { type: 'order.created', orderId: 'o-1', total: 3 }, partitionKey: 'c-1' },
 *   { data: 'not json', partitionKey: 'c-2' },
 * ]);
 * const windowed = kinesisEvent([{ data: { type: 'order.paid', total: 3 } }], {
 *   window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
 *   state: { sum: 282 },
 *   final: true,
 * });
 */
export function kinesisEvent(records: ReadonlyArray<RecordSpec | KinesisStreamRecord>, options: WindowEventOptions): KinesisStreamTumblingWindowEvent;
export function kinesisEvent(records: ReadonlyArray<RecordSpec | KinesisStreamRecord>, options?: EventOptions): KinesisStreamEvent;
export function kinesisEvent(
  records: ReadonlyArray<RecordSpec | KinesisStreamRecord>,
  options: EventOptions = {},
): KinesisStreamEvent | KinesisStreamTumblingWindowEvent {
  const { window } = options;
  if (window === undefined && (options.state !== undefined || options.final !== undefined || options.terminatedEarly !== undefined)) {
    throw new TypeError('kinesisEvent: state, final and terminatedEarly belong to a tumbling-window event; give window: { start, end } too');
  }
  const first = options.firstSequenceNumber === undefined ? FIRST_SEQUENCE_NUMBER + SEQUENCE_STEP * counter : BigInt(options.firstSequenceNumber);
  counter += BigInt(records.length);
  const event = {
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
  if (window === undefined) return event;
  const shardId = options.shardId ?? 'shardId-000000000000';
  const region = options.region ?? 'us-east-1';
  return {
    ...event,
    window: { start: lambdaTime(window.start), end: lambdaTime(window.end) },
    state: options.state ?? {},
    shardId,
    eventSourceARN: `arn:aws:kinesis:${region}:${options.accountId ?? '123456789012'}:stream/${options.streamName ?? 'shardline-test'}`,
    isFinalInvokeForWindow: options.final ?? false,
    isWindowTerminatedEarly: options.terminatedEarly ?? false,
  };
}
