import { createHash } from 'node:crypto';
import { KPL_DIGEST_BYTES, KPL_MAGIC } from '../records/kpl/kpl-format.js';

/**
 * A user record to put into an aggregate. `data` given as a string is encoded as UTF-8.
 *
 * @example
 * const record: KplUserRecord = { partitionKey: 'order-42', data: JSON.stringify({ type: 'order.created' }) };
 */
export interface KplUserRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array | string;
  /** Written only when defined; an empty string is a key like any other. */
  readonly explicitHashKey?: string;
}

// Tags (field number << 3 | wire type) written by the encoder; see src/records/kpl/kpl-format.ts.
const TAG_PARTITION_KEY_TABLE = 0x0a;
const TAG_EXPLICIT_HASH_KEY_TABLE = 0x12;
const TAG_RECORDS = 0x1a;
const TAG_PARTITION_KEY_INDEX = 0x08;
const TAG_EXPLICIT_HASH_KEY_INDEX = 0x10;
const TAG_DATA = 0x1a;

/**
 * Encodes user records as one KPL aggregate (magic bytes, protobuf `AggregatedRecord`, MD5
 * digest), the way the Kinesis Producer Library does: each distinct partition key and explicit
 * hash key is stored once, in order of first use, and records refer to them by index.
 *
 * Unlike KPL it never splits: all records go into one aggregate, whatever its size, and Kinesis
 * limits (1 MiB records, 256-character keys) are not enforced, so tests can build edge cases.
 * Strings with lone surrogates are encoded as U+FFFD, as `Buffer.from` does.
 *
 * @throws TypeError when a record's partition key, explicit hash key or data has the wrong type.
 * @example
 * const bytes = aggregateRecords([
 *   { partitionKey: 'order-42', data: '{"type":"order.created"}' },
 *   { partitionKey: 'order-42', data: Buffer.from('{"type":"order.paid"}'), explicitHashKey: '1701411834604692317316873037158841057' },
 * ]);
 * const event = { Records: [{ kinesis: { data: bytes.toString('base64'), partitionKey: 'order-42' } }] };
 */
export function aggregateRecords(records: readonly KplUserRecord[]): Buffer {
  const partitionKeys = new Map<string, number>();
  const explicitHashKeys = new Map<string, number>();
  const data = new Array<Uint8Array>(records.length);
  const recordSizes = new Array<number>(records.length);

  // First pass: build the key tables and measure, so the output is allocated once at its exact size.
  let size = 0;
  for (let i = 0; i < records.length; i++) {
    const record = checkRecord(records[i], i);
    const partitionKeyIndex = indexOf(partitionKeys, record.partitionKey);
    let recordSize = 1 + varintSize(partitionKeyIndex);
    if (record.explicitHashKey !== undefined) {
      recordSize += 1 + varintSize(indexOf(explicitHashKeys, record.explicitHashKey));
    }
    const bytes = typeof record.data === 'string' ? Buffer.from(record.data, 'utf8') : record.data;
    recordSize += 1 + varintSize(bytes.length) + bytes.length;
    data[i] = bytes;
    recordSizes[i] = recordSize;
    size += 1 + varintSize(recordSize) + recordSize;
  }
  for (const key of partitionKeys.keys()) size += stringFieldSize(key);
  for (const key of explicitHashKeys.keys()) size += stringFieldSize(key);

  const out = Buffer.allocUnsafe(KPL_MAGIC.length + size + KPL_DIGEST_BYTES);
  out.set(KPL_MAGIC, 0);
  let pos = KPL_MAGIC.length;
  for (const key of partitionKeys.keys()) pos = writeString(out, pos, TAG_PARTITION_KEY_TABLE, key);
  for (const key of explicitHashKeys.keys()) pos = writeString(out, pos, TAG_EXPLICIT_HASH_KEY_TABLE, key);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    out[pos++] = TAG_RECORDS;
    pos = writeVarint(out, pos, recordSizes[i]);
    out[pos++] = TAG_PARTITION_KEY_INDEX;
    pos = writeVarint(out, pos, partitionKeys.get(record.partitionKey) as number);
    if (record.explicitHashKey !== undefined) {
      out[pos++] = TAG_EXPLICIT_HASH_KEY_INDEX;
      pos = writeVarint(out, pos, explicitHashKeys.get(record.explicitHashKey) as number);
    }
    out[pos++] = TAG_DATA;
    pos = writeVarint(out, pos, data[i].length);
    out.set(data[i], pos);
    pos += data[i].length;
  }
  if (pos !== KPL_MAGIC.length + size) {
    throw new Error(`aggregateRecords measured ${size} protobuf bytes but wrote ${pos - KPL_MAGIC.length}`);
  }
  writeDigest(out, KPL_MAGIC.length, pos);
  return out;
}

/**
 * Frames any bytes as a KPL aggregate: magic bytes, the bytes, and their MD5 digest. For tests
 * that need a hand-made (for instance malformed) protobuf message to get past the digest check.
 *
 * @example
 * // A record (field 3) whose partition_key_index (field 1) is 0 and that has no data field.
 * const noData = wrapKplAggregate(Uint8Array.from([0x0a, 0x01, 0x6b, 0x1a, 0x02, 0x08, 0x00]));
 * expect(() => deaggregate(noData)).toThrow('required field data missing at byte 7 in record 0');
 */
export function wrapKplAggregate(protobuf: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(KPL_MAGIC.length + protobuf.length + KPL_DIGEST_BYTES);
  out.set(KPL_MAGIC, 0);
  out.set(protobuf, KPL_MAGIC.length);
  writeDigest(out, KPL_MAGIC.length, KPL_MAGIC.length + protobuf.length);
  return out;
}

function checkRecord(record: KplUserRecord, index: number): KplUserRecord {
  // The CLI passes records parsed from user input, so types are checked, not trusted.
  if (typeof record?.partitionKey !== 'string') {
    throw new TypeError(`records[${index}].partitionKey must be a string`);
  }
  if (record.explicitHashKey !== undefined && typeof record.explicitHashKey !== 'string') {
    throw new TypeError(`records[${index}].explicitHashKey must be a string when given`);
  }
  if (typeof record.data !== 'string' && !(record.data instanceof Uint8Array)) {
    throw new TypeError(`records[${index}].data must be a string or a Uint8Array`);
  }
  return record;
}

function indexOf(table: Map<string, number>, key: string): number {
  let index = table.get(key);
  if (index === undefined) {
    index = table.size;
    table.set(key, index);
  }
  return index;
}

function stringFieldSize(value: string): number {
  const length = Buffer.byteLength(value, 'utf8');
  return 1 + varintSize(length) + length;
}

function writeString(out: Buffer, pos: number, tag: number, value: string): number {
  out[pos++] = tag;
  const length = Buffer.byteLength(value, 'utf8');
  pos = writeVarint(out, pos, length);
  return pos + out.write(value, pos, length, 'utf8');
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Buffer, pos: number, value: number): number {
  // Division rather than >>> 7, which would truncate values of 2^32 and more.
  while (value >= 0x80) {
    out[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

function writeDigest(out: Buffer, start: number, end: number): void {
  createHash('md5').update(out.subarray(start, end)).digest().copy(out, end);
}
