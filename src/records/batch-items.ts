/**
 * The first step of a batch: check the event's shape and split it into the units that get routed and
 * reported. A unit is a Kinesis record, or one sub-record of a KPL aggregate; aggregates are split
 * here, before scheduling, because each sub-record is ordered by its own partition key.
 */
import { DecodeStage, InvalidEventError, RecordDecodeError, type RecordLocation } from '../errors';
import type { KinesisStreamRecord } from '../types';
import { deaggregate, isKplAggregate } from './kpl';
import { decodeBase64 } from './base64';

/**
 * One unit of work. `data` is set only for KPL sub-records (already split); plain records are
 * decoded lazily, when they start, so a 6 MB event is never held twice over in memory.
 */
export interface BatchItem extends RecordLocation {
  readonly raw: KinesisStreamRecord;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number | undefined;
  readonly explicitHashKey: string | undefined;
  readonly data: Buffer | undefined;
  /** Set when the record failed before it could be split into sub-records. */
  readonly error: RecordDecodeError | undefined;
}

const DECIMAL = /^[0-9]+$/;

function item(
  raw: KinesisStreamRecord,
  partitionKey: string,
  subSequenceNumber: number | undefined,
  explicitHashKey: string | undefined,
  data: Buffer | undefined,
  error: RecordDecodeError | undefined,
): BatchItem {
  return { raw, partitionKey, sequenceNumber: raw.kinesis.sequenceNumber, subSequenceNumber, explicitHashKey, data, error };
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
 * const items = readBatch(event, true);
 */
export function readBatch(event: unknown, deaggregateRecords: boolean): BatchItem[] {
  const records = readRecords(event);
  const items: BatchItem[] = [];
  for (let i = 0; i < records.length; i++) {
    const raw = checkRecord(records[i], i);
    const { partitionKey, data } = raw.kinesis;
    if (typeof partitionKey !== 'string' || typeof data !== 'string') {
      const what = typeof partitionKey !== 'string' ? 'kinesis.partitionKey' : 'kinesis.data';
      const location = { sequenceNumber: raw.kinesis.sequenceNumber, partitionKey: String(partitionKey ?? '') };
      const error = new RecordDecodeError(location, DecodeStage.base64, `${what} is not a string`);
      items.push(item(raw, location.partitionKey, undefined, undefined, undefined, error));
    } else if (deaggregateRecords && looksAggregated(data)) {
      splitAggregate(raw, items);
    } else {
      items.push(item(raw, partitionKey, undefined, undefined, undefined, undefined));
    }
  }
  return items;
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

function splitAggregate(raw: KinesisStreamRecord, items: BatchItem[]): void {
  const location = { sequenceNumber: raw.kinesis.sequenceNumber, partitionKey: raw.kinesis.partitionKey };
  let bytes: Buffer;
  try {
    bytes = decodeBase64(raw.kinesis.data, location);
  } catch (error) {
    items.push(item(raw, location.partitionKey, undefined, undefined, undefined, error as RecordDecodeError));
    return;
  }
  if (!isKplAggregate(bytes)) {
    items.push(item(raw, location.partitionKey, undefined, undefined, bytes, undefined));
    return;
  }
  try {
    const subRecords = deaggregate(bytes);
    // Valid protobuf, but nothing in it to handle or report: never let the record vanish silently.
    if (subRecords.length === 0) {
      const empty = new RecordDecodeError(location, DecodeStage.deaggregate, 'the KPL aggregate holds no records');
      items.push(item(raw, location.partitionKey, undefined, undefined, bytes, empty));
      return;
    }
    for (let sub = 0; sub < subRecords.length; sub++) {
      const { partitionKey, explicitHashKey, data } = subRecords[sub];
      items.push(item(raw, partitionKey, sub, explicitHashKey, data, undefined));
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const decodeError = new RecordDecodeError(location, DecodeStage.deaggregate, reason, { cause: error });
    items.push(item(raw, location.partitionKey, undefined, undefined, bytes, decodeError));
  }
}
