import type { KinesisStreamRecord } from '../types';

/**
 * One record as a route sees it: a Kinesis record, or one sub-record of a KPL aggregate, with its
 * bytes already decoded (base64, deaggregation, decompression).
 *
 * @example
 * \@OnRecord(OrderCreated)
 * created(order: OrderCreated, { record }: RecordContext) {
 *   log.info('order', { seq: record.sequenceNumber, key: record.partitionKey });
 * }
 */
export interface StreamRecord {
  /** The sub-record's own key for a KPL sub-record, else the Kinesis record's. */
  readonly partitionKey: string;
  /** The Kinesis record's sequence number: a decimal string of up to 56 digits. Compare as BigInt. */
  readonly sequenceNumber: string;
  /** Position inside its KPL aggregate; `undefined` for a record that was not aggregated. */
  readonly subSequenceNumber: number | undefined;
  /** The payload bytes after base64, deaggregation and decompression. */
  readonly data: Buffer;
  /** When Kinesis received the record, in epoch seconds. */
  readonly approximateArrivalTimestamp: number;
  readonly eventID: string;
  readonly eventSourceARN: string;
  /** `shardId-000000000000`, read from `eventID`. */
  readonly shardId: string;
  /** Only for a KPL sub-record that carries one. */
  readonly explicitHashKey: string | undefined;
  /** The event record exactly as Lambda delivered it. */
  readonly raw: KinesisStreamRecord;
}

const EMPTY = Buffer.alloc(0);

/** Builds a record with one fixed property order, so every record shares one hidden class. */
export function createStreamRecord(
  raw: KinesisStreamRecord,
  partitionKey: string,
  subSequenceNumber: number | undefined,
  explicitHashKey: string | undefined,
  data: Buffer = EMPTY,
): StreamRecord {
  const eventID = typeof raw.eventID === 'string' ? raw.eventID : '';
  const colon = eventID.indexOf(':');
  return {
    partitionKey,
    sequenceNumber: raw.kinesis.sequenceNumber,
    subSequenceNumber,
    data,
    approximateArrivalTimestamp: raw.kinesis.approximateArrivalTimestamp,
    eventID,
    eventSourceARN: raw.eventSourceARN,
    shardId: colon === -1 ? eventID : eventID.slice(0, colon),
    explicitHashKey,
    raw,
  };
}
