import type { KinesisStreamRecord } from '../types.js';

/**
 * One record as a route sees it: a Kinesis record, or one sub-record of a KPL aggregate, with its
 * bytes already decoded (base64, deaggregation, decompression). `shardId`,
 * `approximateArrivalTimestamp` and `raw` are getters: `JSON.stringify` includes them, an object
 * spread (`{ ...record }`) does not.
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
  /**
   * The event record exactly as Lambda delivered it, frozen (the record and its `kinesis` object):
   * the batch's response is Lambda's only record of what failed, and nothing a route does to the
   * event may change it.
   */
  readonly raw: KinesisStreamRecord;
}

const EMPTY = Buffer.alloc(0);

/**
 * The record routes receive. `shardId` and `approximateArrivalTimestamp` are read from the event
 * record when asked for (getters, included by `toJSON`), since most routes never ask and working
 * them out for every record is a measurable share of a CPU-bound batch. `raw` is a getter too: it
 * freezes the event record the first time a route asks for it, which is the only way a route can
 * reach it, so the records no route looks at (nearly all) cost nothing.
 */
class RecordView implements StreamRecord {
  readonly sequenceNumber: string;
  readonly eventID: string;
  readonly eventSourceARN: string;
  readonly #raw: KinesisStreamRecord;

  constructor(
    raw: KinesisStreamRecord,
    readonly partitionKey: string,
    readonly subSequenceNumber: number | undefined,
    readonly explicitHashKey: string | undefined,
    readonly data: Buffer,
  ) {
    this.#raw = raw;
    this.sequenceNumber = raw.kinesis.sequenceNumber;
    this.eventID = typeof raw.eventID === 'string' ? raw.eventID : '';
    this.eventSourceARN = raw.eventSourceARN;
  }

  get raw(): KinesisStreamRecord {
    const raw = this.#raw;
    Object.freeze(raw.kinesis);
    return Object.freeze(raw);
  }

  get shardId(): string {
    const colon = this.eventID.indexOf(':');
    return colon === -1 ? this.eventID : this.eventID.slice(0, colon);
  }

  get approximateArrivalTimestamp(): number {
    return this.#raw.kinesis.approximateArrivalTimestamp;
  }

  toJSON(): Omit<StreamRecord, 'raw' | 'data'> & { data: { type: 'Buffer'; data: number[] }; raw: KinesisStreamRecord } {
    return Object.fromEntries(FIELDS.map((key) => [key, key === 'data' ? this.data.toJSON() : this[key]])) as ReturnType<RecordView['toJSON']>;
  }
}

/** What `toJSON` writes, in this order: the getters too. */
const FIELDS = [
  'partitionKey',
  'sequenceNumber',
  'subSequenceNumber',
  'data',
  'approximateArrivalTimestamp',
  'eventID',
  'eventSourceARN',
  'shardId',
  'explicitHashKey',
  'raw',
] as const satisfies ReadonlyArray<keyof StreamRecord>;

/** Builds the record a route receives. */
export function createStreamRecord(
  raw: KinesisStreamRecord,
  partitionKey: string,
  subSequenceNumber: number | undefined,
  explicitHashKey: string | undefined,
  data: Buffer = EMPTY,
): StreamRecord {
  return new RecordView(raw, partitionKey, subSequenceNumber, explicitHashKey, data);
}
