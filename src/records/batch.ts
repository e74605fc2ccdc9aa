/**
 * The first step of a batch: check the event's shape and lay out the units that get routed and
 * reported. A unit is a Kinesis record, or one sub-record of a KPL aggregate; aggregates are split
 * here, before scheduling, because each sub-record is ordered by its own partition key.
 *
 * Units are addressed by index. A batch of plain records (the usual case) is the event's own
 * `Records` array and nothing more: no object is made per record here, so nothing per record
 * outlives the record's own turn (objects that live through a whole batch are what the garbage
 * collector pays for, copying them from one young generation to the next). Only a batch with an
 * aggregate, or with a record that failed before it could be split, gets per-unit arrays, and even
 * then a sub-record is a few numbers and a shared key string until it runs.
 */
import { DecodeStage, InvalidEventError, RecordDecodeError, type RecordLocation } from '../errors';
import type { KinesisStreamRecord } from '../types';
import { indexAggregate, isKplAggregate } from './kpl';
import { decodeBase64, NOT_BASE64 } from './base64';

const NONE = -1;

/** Per-unit arrays of a batch whose units are not simply its records. */
interface SplitUnits {
  /** Index in `Records` of the record each unit belongs to. */
  readonly record: number[];
  /** Sub-sequence number, or NONE for a unit that is a whole record. */
  readonly sub: number[];
  readonly partitionKey: string[];
  readonly explicitHashKey: Array<string | undefined>;
  /** Bytes already decoded while splitting (an aggregate's, shared by its sub-records), with each unit's range in them. */
  readonly bytes: Array<Buffer | undefined>;
  readonly start: number[];
  readonly end: number[];
  /** Set for a record that failed before it could be split. */
  readonly error: Array<RecordDecodeError | undefined>;
}

/**
 * The units of one batch, in batch order.
 *
 * @example
 * const batch = readBatch(event, true);
 * for (let unit = 0; unit < batch.size; unit++) console.log(batch.sequenceNumber(unit), batch.partitionKey(unit));
 */
export class Batch {
  /** How many units: records, with each aggregate counted as its sub-records. */
  readonly size: number;

  constructor(
    /** The event's records, as Lambda delivered them. */
    readonly records: readonly KinesisStreamRecord[],
    private readonly split: SplitUnits | undefined,
  ) {
    this.size = split === undefined ? records.length : split.record.length;
  }

  /** The Kinesis record the unit is, or belongs to. */
  raw(unit: number): KinesisStreamRecord {
    return this.records[this.split === undefined ? unit : this.split.record[unit]];
  }

  /** The Kinesis record's sequence number: sub-records are reported by their parent's. */
  sequenceNumber(unit: number): string {
    return this.raw(unit).kinesis.sequenceNumber;
  }

  partitionKey(unit: number): string {
    return this.split === undefined ? this.records[unit].kinesis.partitionKey : this.split.partitionKey[unit];
  }

  subSequenceNumber(unit: number): number | undefined {
    if (this.split === undefined) return undefined;
    const sub = this.split.sub[unit];
    return sub === NONE ? undefined : sub;
  }

  explicitHashKey(unit: number): string | undefined {
    return this.split === undefined ? undefined : this.split.explicitHashKey[unit];
  }

  /** Why the unit failed before it could be split, if it did. */
  error(unit: number): RecordDecodeError | undefined {
    return this.split === undefined ? undefined : this.split.error[unit];
  }

  /** Bytes decoded while splitting (a sub-record's, as a view into its aggregate); `undefined` when the unit's base64 is still to be decoded. */
  data(unit: number): Buffer | undefined {
    if (this.split === undefined) return undefined;
    const bytes = this.split.bytes[unit];
    return bytes === undefined ? undefined : bytes.subarray(this.split.start[unit], this.split.end[unit]);
  }

  /** Where the unit is in the stream, for errors and logs. */
  location(unit: number): RecordLocation {
    const subSequenceNumber = this.subSequenceNumber(unit);
    return subSequenceNumber === undefined
      ? { sequenceNumber: this.sequenceNumber(unit), partitionKey: this.partitionKey(unit) }
      : { sequenceNumber: this.sequenceNumber(unit), subSequenceNumber, partitionKey: this.partitionKey(unit) };
  }

  /** Every unit's partition key, in batch order. */
  partitionKeys(): string[] {
    if (this.split !== undefined) return this.split.partitionKey.slice();
    const keys: string[] = new Array(this.records.length);
    for (let i = 0; i < keys.length; i++) keys[i] = this.records[i].kinesis.partitionKey;
    return keys;
  }
}

/** What arrived, in a few words, for error messages that say what was expected and what came. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).slice(0, 5);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return typeof value === 'string' ? 'a string' : String(typeof value);
}

/**
 * The base64 of a KPL aggregate starts with "84maw" (the magic bytes F3 89 9A C2) and a sixth
 * character from 'g' to 'v'. Checking the text avoids decoding every record just to look at it.
 */
function looksAggregated(data: string): boolean {
  if (data.length < 28 || data.charCodeAt(0) !== 56 || !data.startsWith('84maw')) return false;
  const sixth = data.charCodeAt(5);
  return sixth >= 103 && sixth <= 118;
}

/**
 * Checks that `event` is a Kinesis event and returns its units in batch order.
 *
 * @throws InvalidEventError when the event is not a Kinesis event, or a record has no usable
 *   sequence number (it could not be reported, so the whole invocation must fail).
 * @example
 * const batch = readBatch(event, true);
 */
export function readBatch(event: unknown, deaggregateRecords: boolean): Batch {
  const records = readRecords(event);
  // First pass: check every record, and find the first that is not a plain unit.
  let firstSplit = NONE;
  for (let i = 0; i < records.length; i++) {
    const { partitionKey, data } = checkRecord(records[i], i).kinesis;
    if (firstSplit === NONE && (typeof partitionKey !== 'string' || typeof data !== 'string' || (deaggregateRecords && looksAggregated(data)))) {
      firstSplit = i;
    }
  }
  if (firstSplit === NONE) return new Batch(records as KinesisStreamRecord[], undefined);

  const split: SplitUnits = { record: [], sub: [], partitionKey: [], explicitHashKey: [], bytes: [], start: [], end: [], error: [] };
  for (let i = 0; i < records.length; i++) {
    const raw = records[i] as KinesisStreamRecord;
    const { partitionKey, data } = raw.kinesis;
    if (i < firstSplit) {
      addUnit(split, i, NONE, partitionKey, undefined, undefined, 0, 0, undefined);
    } else if (typeof partitionKey !== 'string' || typeof data !== 'string') {
      const what = typeof partitionKey !== 'string' ? 'kinesis.partitionKey' : 'kinesis.data';
      const location = { sequenceNumber: raw.kinesis.sequenceNumber, partitionKey: String(partitionKey ?? '') };
      const error = new RecordDecodeError(location, DecodeStage.base64, `${what} is not a string`);
      addUnit(split, i, NONE, location.partitionKey, undefined, undefined, 0, 0, error);
    } else if (deaggregateRecords && looksAggregated(data)) {
      splitAggregate(split, raw, i);
    } else {
      addUnit(split, i, NONE, partitionKey, undefined, undefined, 0, 0, undefined);
    }
  }
  return new Batch(records as KinesisStreamRecord[], split);
}

function addUnit(
  split: SplitUnits,
  record: number,
  sub: number,
  partitionKey: string,
  explicitHashKey: string | undefined,
  bytes: Buffer | undefined,
  start: number,
  end: number,
  error: RecordDecodeError | undefined,
): void {
  split.record.push(record);
  split.sub.push(sub);
  split.partitionKey.push(partitionKey);
  split.explicitHashKey.push(explicitHashKey);
  split.bytes.push(bytes);
  split.start.push(start);
  split.end.push(end);
  split.error.push(error);
}

function readRecords(event: unknown): unknown[] {
  const records = typeof event === 'object' && event !== null ? (event as { Records?: unknown }).Records : undefined;
  if (!Array.isArray(records)) {
    throw new InvalidEventError(
      `expected a Kinesis event, an object with a Records array, but got ${describeValue(event)}` +
        (typeof event === 'object' && event !== null && 'Records' in event ? ` whose Records is ${describeValue(records)}` : ''),
    );
  }
  return records;
}

const DECIMAL = /^[0-9]+$/;

function checkRecord(value: unknown, index: number): KinesisStreamRecord {
  const record = value as Partial<KinesisStreamRecord> | null;
  if (typeof record !== 'object' || record === null || typeof record.kinesis !== 'object' || record.kinesis === null) {
    throw new InvalidEventError(`expected Records[${index}] to be a Kinesis record with a kinesis object, but got ${describeValue(value)}`);
  }
  if (record.eventSource !== undefined && record.eventSource !== 'aws:kinesis') {
    throw new InvalidEventError(`expected a Kinesis event (eventSource 'aws:kinesis') but Records[${index}] comes from ${JSON.stringify(record.eventSource)}`);
  }
  const sequenceNumber: unknown = record.kinesis.sequenceNumber;
  if (typeof sequenceNumber !== 'string' || !DECIMAL.test(sequenceNumber)) {
    throw new InvalidEventError(
      `Records[${index}].kinesis.sequenceNumber must be a decimal string, but is ${typeof sequenceNumber === 'string' ? JSON.stringify(sequenceNumber) : describeValue(sequenceNumber)}; ` +
        'without it the record cannot be reported, so the whole batch is rejected',
    );
  }
  return record as KinesisStreamRecord;
}

function splitAggregate(split: SplitUnits, raw: KinesisStreamRecord, record: number): void {
  const location = { sequenceNumber: raw.kinesis.sequenceNumber, partitionKey: raw.kinesis.partitionKey };
  const bytes = decodeBase64(raw.kinesis.data);
  if (bytes === undefined) {
    const error = new RecordDecodeError(location, DecodeStage.base64, NOT_BASE64);
    addUnit(split, record, NONE, location.partitionKey, undefined, undefined, 0, 0, error);
    return;
  }
  if (!isKplAggregate(bytes)) {
    addUnit(split, record, NONE, location.partitionKey, undefined, bytes, 0, bytes.length, undefined);
    return;
  }
  const failed = (error: RecordDecodeError) => addUnit(split, record, NONE, location.partitionKey, undefined, bytes, 0, bytes.length, error);
  try {
    const index = indexAggregate(bytes);
    const count = index.start.length;
    // Valid protobuf, but nothing in it to handle or report: never let the record vanish silently.
    if (count === 0) return failed(new RecordDecodeError(location, DecodeStage.deaggregate, 'the KPL aggregate holds no records'));
    for (let sub = 0; sub < count; sub++) {
      const hashKey = index.explicitHashKeyIndex[sub];
      addUnit(
        split,
        record,
        sub,
        index.partitionKeys[index.partitionKeyIndex[sub]],
        hashKey === NONE ? undefined : index.explicitHashKeys[hashKey],
        bytes,
        index.start[sub],
        index.end[sub],
        undefined,
      );
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    failed(new RecordDecodeError(location, DecodeStage.deaggregate, reason, { cause: error }));
  }
}
