/**
 * The first step of a batch: check the event's shape and lay out the units that get routed and
 * reported. A unit is a Kinesis record, or one sub-record of a KPL aggregate; aggregates are split
 * here, before scheduling, because each sub-record is ordered by its own partition key.
 *
 * Units are addressed by index. A batch of plain records (the usual case) is the event's own
 * `Records` array and nothing more: no object is made per record here, so nothing per record
 * outlives the record's own turn (objects that live through a whole batch are what the garbage
 * collector pays for, copying them from one young generation to the next). Only a batch with an
 * aggregate, or with a record that failed before it could be split, gets an object per record and
 * an integer per unit; a sub-record stays a key index and a data range in its aggregate's index
 * until it runs.
 */
import { DecodeStage, InvalidEventError, RecordDecodeError, type RecordLocation } from '../errors.js';
import type { KinesisStreamRecord } from '../types.js';
import { indexAggregate, isKplAggregate, UNIT, type AggregateIndex } from './kpl/index.js';
import { decodeBase64, NOT_BASE64 } from './base64.js';

/**
 * One Kinesis record of a batch that has aggregates: its units are the record itself, or the
 * sub-records of its aggregate.
 */
interface Segment {
  /** Index of the record in `Records`. */
  readonly record: number;
  /** Index of the segment's first unit. */
  readonly first: number;
  /** The record's partition key, for a unit that is the whole record. */
  readonly partitionKey: string;
  /** The sub-records, when the record was split. */
  readonly kpl: AggregateIndex | undefined;
  /** Bytes decoded while splitting (the aggregate's, shared by its sub-records). */
  readonly bytes: Buffer | undefined;
  /** Set for a record that failed before it could be split. */
  readonly error: RecordDecodeError | undefined;
}

/** Segments, and the segment of each unit. */
interface SplitUnits {
  readonly segments: readonly Segment[];
  readonly segmentOf: Int32Array;
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
  /** The event's records, as Lambda delivered them. */
  readonly records: readonly KinesisStreamRecord[];
  /**
   * Each record's sequence number, as it was read and checked: what the response is built from,
   * whatever happens to the event's objects while the batch runs.
   */
  readonly #sequenceNumbers: readonly string[];
  readonly #split: SplitUnits | undefined;
  /**
   * The earliest `approximateArrivalTimestamp` of the event's records (epoch seconds), `Infinity`
   * when none has one: read in the pass that checks the event, for the batch line's oldest age,
   * so no later pass walks the records again.
   */
  readonly oldestArrival: number;

  constructor(records: readonly KinesisStreamRecord[], sequenceNumbers: readonly string[], split: SplitUnits | undefined, oldestArrival: number) {
    this.records = records;
    this.#sequenceNumbers = sequenceNumbers;
    this.#split = split;
    this.oldestArrival = oldestArrival;
    this.size = split === undefined ? records.length : split.segmentOf.length;
  }

  /** The Kinesis record the unit is, or belongs to. */
  raw(unit: number): KinesisStreamRecord {
    return this.records[this.#split === undefined ? unit : this.#segment(unit).record];
  }

  /** The Kinesis record's sequence number: sub-records are reported by their parent's. */
  sequenceNumber(unit: number): string {
    return this.#sequenceNumbers[this.#split === undefined ? unit : this.#segment(unit).record];
  }

  /**
   * The sequence number where it is used: to report the unit, or to compare it with one reported.
   * Lambda checkpoints at what a response lists, so it must be a decimal string. Kinesis writes
   * nothing else; the check runs here, for the records a batch reports, rather than for every
   * record when the batch is read (where it was most of what reading a batch cost).
   *
   * @throws InvalidEventError when it is not a decimal string: the record cannot be reported, so
   *   the whole invocation fails, and Lambda delivers the batch again rather than lose it.
   */
  checkedSequenceNumber(unit: number): string {
    const record = this.#split === undefined ? unit : this.#segment(unit).record;
    const sequenceNumber = this.#sequenceNumbers[record];
    if (!DECIMAL.test(sequenceNumber)) throw notDecimal(record, sequenceNumber);
    return sequenceNumber;
  }

  partitionKey(unit: number): string {
    if (this.#split === undefined) return this.records[unit].kinesis.partitionKey;
    const { kpl, partitionKey, first } = this.#segment(unit);
    return kpl === undefined ? partitionKey : kpl.partitionKeys[kpl.units[UNIT * (unit - first)]];
  }

  subSequenceNumber(unit: number): number | undefined {
    if (this.#split === undefined) return undefined;
    const { kpl, first } = this.#segment(unit);
    return kpl === undefined ? undefined : unit - first;
  }

  explicitHashKey(unit: number): string | undefined {
    if (this.#split === undefined) return undefined;
    const { kpl, first } = this.#segment(unit);
    if (kpl === undefined) return undefined;
    const index = kpl.units[UNIT * (unit - first) + 1];
    return index === -1 ? undefined : kpl.explicitHashKeys[index];
  }

  /** Why the unit failed before it could be split, if it did. */
  error(unit: number): RecordDecodeError | undefined {
    return this.#split === undefined ? undefined : this.#segment(unit).error;
  }

  /** Bytes decoded while splitting (a sub-record's, as a view into its aggregate); `undefined` when the unit's base64 is still to be decoded. */
  data(unit: number): Buffer | undefined {
    if (this.#split === undefined) return undefined;
    const { kpl, bytes, first } = this.#segment(unit);
    if (kpl === undefined || bytes === undefined) return bytes;
    const at = UNIT * (unit - first);
    return bytes.subarray(kpl.units[at + 2], kpl.units[at + 3]);
  }

  /** Where the unit is in the stream, for errors and logs. */
  location(unit: number): RecordLocation {
    const subSequenceNumber = this.subSequenceNumber(unit);
    return { sequenceNumber: this.sequenceNumber(unit), ...(subSequenceNumber !== undefined && { subSequenceNumber }), partitionKey: this.partitionKey(unit) };
  }

  #segment(unit: number): Segment {
    const split = this.#split as SplitUnits;
    return split.segments[split.segmentOf[unit]];
  }
}

/** What arrived, in a few words, for error messages that say what was expected and what came. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 5);
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
 * @throws InvalidEventError when the event is not a Kinesis event, or a record's sequence number
 *   is not a string (it could not be reported, so the whole invocation must fail). Whether it is
 *   decimal is checked where it is used (`checkedSequenceNumber`).
 * @example
 * const batch = readBatch(event, true);
 */
export function readBatch(event: unknown, deaggregateRecords: boolean): Batch {
  const records = readRecords(event);
  // First pass: check every record, keep its sequence number, and find whether any is not a plain unit.
  const sequenceNumbers = new Array<string>(records.length);
  let split = false;
  let oldestArrival = Infinity;
  for (let i = 0; i < records.length; i++) {
    sequenceNumbers[i] = checkRecord(records[i], i);
    const { partitionKey, data, approximateArrivalTimestamp } = (records[i] as KinesisStreamRecord).kinesis;
    if (typeof approximateArrivalTimestamp === 'number' && approximateArrivalTimestamp < oldestArrival) oldestArrival = approximateArrivalTimestamp;
    split ||= typeof partitionKey !== 'string' || typeof data !== 'string' || (deaggregateRecords && looksAggregated(data));
  }
  if (!split) return new Batch(records as KinesisStreamRecord[], sequenceNumbers, undefined, oldestArrival);

  const segments = new Array<Segment>(records.length);
  let units = 0;
  for (let i = 0; i < records.length; i++) {
    const segment = readSegment(records[i] as KinesisStreamRecord, sequenceNumbers[i], i, units, deaggregateRecords);
    segments[i] = segment;
    units += unitsIn(segment);
  }
  // Sized once: growing a JS array unit by unit costs more than the splitting itself on large batches.
  const segmentOf = new Int32Array(units);
  for (let s = 0; s < segments.length; s++) segmentOf.fill(s, segments[s].first, segments[s].first + unitsIn(segments[s]));
  return new Batch(records as KinesisStreamRecord[], sequenceNumbers, { segments, segmentOf }, oldestArrival);
}

function unitsIn(segment: Segment): number {
  return segment.kpl === undefined ? 1 : segment.kpl.units.length / UNIT;
}

/** A record's segment: the record itself, the sub-records of its aggregate, or the error that stopped it being split. */
function readSegment(raw: KinesisStreamRecord, sequenceNumber: string, record: number, first: number, deaggregateRecords: boolean): Segment {
  const { partitionKey, data } = raw.kinesis;
  let bytes: Buffer | undefined;
  let kpl: AggregateIndex | undefined;
  let stage: DecodeStage = DecodeStage.base64;
  let reason: string | undefined;
  let cause: { cause: unknown } | undefined;
  if (typeof partitionKey !== 'string' || typeof data !== 'string') {
    reason = `kinesis.${typeof partitionKey !== 'string' ? 'partitionKey' : 'data'} is not a string`;
  } else if (deaggregateRecords && looksAggregated(data)) {
    bytes = decodeBase64(data);
    if (bytes === undefined) {
      reason = NOT_BASE64;
    } else if (isKplAggregate(bytes)) {
      stage = DecodeStage.deaggregate;
      try {
        const index = indexAggregate(bytes);
        // Valid protobuf, but nothing in it to handle or report: never let the record vanish silently.
        if (index.units.length > 0) kpl = index;
        else reason = 'the KPL aggregate holds no records';
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
        cause = { cause: error };
      }
    }
  }
  // Every segment is made here, with all its fields, so that all have one shape.
  const key = String(partitionKey ?? '');
  return {
    record,
    first,
    partitionKey: key,
    kpl,
    bytes,
    error: reason === undefined ? undefined : new RecordDecodeError({ sequenceNumber, partitionKey: key }, stage, reason, cause),
  };
}

function readRecords(event: unknown): unknown[] {
  const hasRecords = typeof event === 'object' && event !== null && 'Records' in event;
  const records = hasRecords ? event.Records : undefined;
  if (!Array.isArray(records)) {
    throw new InvalidEventError(
      `expected a Kinesis event, an object with a Records array, but got ${describeValue(event)}${hasRecords ? ` whose Records is ${describeValue(records)}` : ''}`,
    );
  }
  return records;
}

const DECIMAL = /^[0-9]+$/;

function notDecimal(index: number, sequenceNumber: unknown): InvalidEventError {
  return new InvalidEventError(
    `Records[${index}].kinesis.sequenceNumber must be a decimal string, but is ${typeof sequenceNumber === 'string' ? JSON.stringify(sequenceNumber) : describeValue(sequenceNumber)}; ` +
      'without it the record cannot be reported, so the whole batch is rejected',
  );
}

/** Checks one record of the event and returns its sequence number, a string (whether it is decimal is checked where it is used, by `checkedSequenceNumber`). */
function checkRecord(value: unknown, index: number): string {
  const record = value as Partial<KinesisStreamRecord> | null;
  if (typeof record !== 'object' || record === null || typeof record.kinesis !== 'object' || record.kinesis === null) {
    throw new InvalidEventError(`expected Records[${index}] to be a Kinesis record with a kinesis object, but got ${describeValue(value)}`);
  }
  if (record.eventSource !== undefined && record.eventSource !== 'aws:kinesis') {
    throw new InvalidEventError(`expected a Kinesis event (eventSource 'aws:kinesis') but Records[${index}] comes from ${JSON.stringify(record.eventSource)}`);
  }
  const sequenceNumber: unknown = record.kinesis.sequenceNumber;
  if (typeof sequenceNumber !== 'string') throw notDecimal(index, sequenceNumber);
  return sequenceNumber;
}
