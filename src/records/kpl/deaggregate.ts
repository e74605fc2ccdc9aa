import { isAscii } from 'node:buffer';
import type * as NodeCrypto from 'node:crypto';
import { KplDecodeError } from './kpl-decode.error.js';
import { KPL_DIGEST_BYTES, KPL_MAGIC, KPL_MIN_BYTES } from './kpl-format.js';
import { ProtobufReader, readVarintBigInt, WIRE_TYPE_NAMES } from './protobuf-reader.js';

/**
 * One user record taken out of a KPL aggregate, in aggregate order (its index is its
 * sub-sequence number).
 *
 * @example
 * const [first]: KplSubRecord[] = deaggregate(bytes);
 * console.log(first.partitionKey, first.explicitHashKey, first.data.toString('utf8'));
 */
export interface KplSubRecord {
  readonly partitionKey: string;
  /** Set only when the producer gave this user record an explicit hash key. */
  readonly explicitHashKey: string | undefined;
  /** A view into the aggregate's bytes, not a copy: it shares their memory. */
  readonly data: Buffer;
}

// Tags (field number << 3 | wire type) of the fields the decoder knows, with their expected wire
// types. Switching on the whole tag checks field and wire type in one comparison.
const TAG_PARTITION_KEY_TABLE = 0x0a; // AggregatedRecord.partition_key_table = 1, length-delimited
const TAG_EXPLICIT_HASH_KEY_TABLE = 0x12; // AggregatedRecord.explicit_hash_key_table = 2, length-delimited
const TAG_RECORDS = 0x1a; // AggregatedRecord.records = 3, length-delimited
const TAG_PARTITION_KEY_INDEX = 0x08; // Record.partition_key_index = 1, varint
const TAG_EXPLICIT_HASH_KEY_INDEX = 0x10; // Record.explicit_hash_key_index = 2, varint
const TAG_DATA = 0x1a; // Record.data = 3, length-delimited
const TAG_TAGS = 0x22; // Record.tags = 4, length-delimited
const TAG_TAG_KEY = 0x0a; // Tag.key = 1, length-delimited
const TAG_TAG_VALUE = 0x12; // Tag.value = 2, length-delimited

/**
 * No key table can reach 2^32 entries (each takes at least two bytes of an aggregate of a few
 * MiB), so a larger index is rejected as soon as it is read, before the tables are complete.
 * That also keeps every stored index an exact integer.
 */
const MAX_TABLE_INDEX = 0xffffffff;

/** Marks an absent `explicit_hash_key_index`. */
const NO_INDEX = -1;

/**
 * Whether `bytes` is framed as a KPL aggregate: the magic bytes `F3 89 9A C2` and room for the
 * 16-byte MD5 digest. A cheap test, without the digest or protobuf checks of `deaggregate`.
 *
 * @example
 * isKplAggregate(aggregateRecords([{ partitionKey: 'k', data: 'x' }])); // true
 * isKplAggregate(Buffer.from('{"type":"order.created"}')); // false
 */
export function isKplAggregate(bytes: Uint8Array): boolean {
  return bytes.length >= KPL_MIN_BYTES && bytes[0] === KPL_MAGIC[0] && bytes[1] === KPL_MAGIC[1] && bytes[2] === KPL_MAGIC[2] && bytes[3] === KPL_MAGIC[3];
}

/**
 * Splits a KPL aggregate into its user records, in order. Checks the framing and the MD5 digest
 * before it reads anything, then the protobuf structure, required fields and key-table indexes.
 * Unknown fields are skipped, as protobuf requires, so aggregates from newer producers still decode.
 *
 * Each `data` is a view into `bytes` (no copy): keep `bytes` unmodified while the sub-records live.
 * An aggregate with no records (which KPL never writes) gives an empty array.
 *
 * @throws KplDecodeError when any check fails; the message names the check, the byte offset
 *   (from the first magic byte) and the sub-record, and never contains payload bytes.
 * @example
 * const subRecords = deaggregate(Buffer.from(kinesisRecord.kinesis.data, 'base64'));
 * for (const [subSequenceNumber, { partitionKey, data }] of subRecords.entries()) {
 *   handle(partitionKey, subSequenceNumber, JSON.parse(data.toString('utf8')));
 * }
 */
export function deaggregate(bytes: Uint8Array): KplSubRecord[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < KPL_MIN_BYTES) {
    throw new KplDecodeError(`input of ${buf.length} bytes is too short for a KPL aggregate (at least ${KPL_MIN_BYTES})`);
  }
  if (!isKplAggregate(buf)) {
    throw new KplDecodeError('input does not start with the KPL magic bytes F3 89 9A C2', { byteOffset: 0 });
  }
  const { partitionKeys, explicitHashKeys, units } = indexAggregate(buf);
  const subRecords = new Array<KplSubRecord>(units.length / UNIT);
  for (let i = 0; i < subRecords.length; i++) {
    const explicitHashKeyIndex = units[UNIT * i + 1];
    subRecords[i] = {
      partitionKey: partitionKeys[units[UNIT * i]],
      explicitHashKey: explicitHashKeyIndex === NO_INDEX ? undefined : explicitHashKeys[explicitHashKeyIndex],
      data: buf.subarray(units[UNIT * i + 2], units[UNIT * i + 3]),
    };
  }
  return subRecords;
}

/**
 * A checked aggregate as its two key tables and `units`, four numbers (`UNIT`) a sub-record:
 * sub-record i has the partition key `partitionKeys[units[4 * i]]`, the explicit hash key
 * `explicitHashKeys[units[4 * i + 1]]` (index -1: none) and the data
 * `bytes.subarray(units[4 * i + 2], units[4 * i + 3])`. Every index is known to be in range.
 * One flat array rather than four parallel ones: one push a sub-record, and four fewer property
 * names in every bundle.
 */
export interface AggregateIndex {
  readonly partitionKeys: string[];
  readonly explicitHashKeys: string[];
  readonly units: number[];
}

/** How many numbers of `AggregateIndex.units` describe one sub-record. */
export const UNIT = 4;

/**
 * `deaggregate` without a `Buffer` view or an object per sub-record: for callers that keep many
 * sub-records and make each view only when it is used.
 *
 * `buf` must be framed as an aggregate (`isKplAggregate`): its caller has checked that already,
 * so the framing is not checked again here (`deaggregate` checks it, to say which part is wrong).
 *
 * @throws KplDecodeError as `deaggregate` does, for anything after the framing.
 * @example
 * if (isKplAggregate(bytes)) {
 *   const { units } = indexAggregate(bytes);
 *   const first = bytes.subarray(units[2], units[3]); // the data of sub-record 0
 * }
 */
export function indexAggregate(buf: Buffer): AggregateIndex {
  const protobufEnd = buf.length - KPL_DIGEST_BYTES;
  // One call over a view of the message: no `Hash` object, and the bytes are not copied. Compared
  // byte by byte: `Buffer#equals` or `compare` would cost more than the loop, for 16 bytes.
  crypto ??= process.getBuiltinModule('node:crypto');
  const digest = crypto.hash('md5', buf.subarray(KPL_MAGIC.length, protobufEnd), 'buffer');
  for (let i = 0; i < KPL_DIGEST_BYTES; i++) {
    if (digest[i] !== buf[protobufEnd + i]) {
      throw new KplDecodeError(`MD5 digest of bytes 4 to ${protobufEnd} does not match: the aggregate is corrupt or truncated`, {
        byteOffset: protobufEnd,
      });
    }
  }

  // Records may come before the key tables (protobuf allows any field order), so indexes are
  // checked after the whole message is read, and key tables are kept as byte ranges until then:
  // each entry as the offsets of its first byte and of one past its last, the partition key
  // table's in tables[0] and the explicit hash key table's in tables[1] (by field number - 1).
  const units: number[] = [];
  const tables: KeyRanges = [[], []];
  let reader: ProtobufReader | undefined;
  let pos: number = KPL_MAGIC.length;
  while (pos < protobufEnd) {
    // Fields as KPL writes them take the fast paths, which check the same bounds and accept
    // exactly what the general path below accepts; anything else (and every failure, so the
    // messages stay the same) goes through the general path from the field's first byte.
    const tag = buf[pos];
    if (tag === TAG_RECORDS) {
      const next = readCanonicalRecord(buf, pos, protobufEnd, units);
      if (next !== NO_INDEX) {
        pos = next;
        continue;
      }
    } else if (tag === TAG_PARTITION_KEY_TABLE || tag === TAG_EXPLICIT_HASH_KEY_TABLE) {
      const length = pos + 1 < protobufEnd ? buf[pos + 1] : 0x80;
      if (length < 0x80 && length <= protobufEnd - pos - 2) {
        tables[(tag >>> 3) - 1].push(pos + 2, pos + 2 + length);
        pos += 2 + length;
        continue;
      }
    }
    reader ??= new ProtobufReader(buf, pos, protobufEnd);
    reader.pos = pos;
    const field = reader.readTag();
    if (field === TAG_PARTITION_KEY_TABLE || field === TAG_EXPLICIT_HASH_KEY_TABLE) {
      const length = reader.readLength();
      tables[(field >>> 3) - 1].push(reader.pos, reader.pos + length);
      reader.pos += length;
    } else if (field === TAG_RECORDS) {
      readRecord(reader, pos, units);
    } else {
      skipOther(reader, field, pos, 'AggregatedRecord');
    }
    pos = reader.pos;
  }

  const partitionKeyCount = tables[0].length / 2;
  const explicitHashKeyCount = tables[1].length / 2;
  for (let i = 0; i < units.length; i += UNIT) {
    const partitionKeyIndex = units[i];
    if (partitionKeyIndex >= partitionKeyCount) outOfRange(i / UNIT, 'partition key', partitionKeyIndex, partitionKeyCount);
    const explicitHashKeyIndex = units[i + 1];
    if (explicitHashKeyIndex >= explicitHashKeyCount) outOfRange(i / UNIT, 'explicit hash key', explicitHashKeyIndex, explicitHashKeyCount);
  }
  const keys = decodeKeys(buf, tables);
  return { partitionKeys: keys[0], explicitHashKeys: keys[1], units };
}

/** The key tables as byte ranges, two numbers an entry: partition keys, then explicit hash keys. */
type KeyRanges = [number[], number[]];

/**
 * The fast path for a `Record` as KPL writes it: `partition_key_index`, an optional
 * `explicit_hash_key_index` and `data`, in any order, with varints of up to four bytes (lengths
 * and indexes under 2^28, far below what the general path checks). Reads the record whose tag
 * (`TAG_RECORDS`) is at `pos`, appends it to `units` and returns the offset after it, or
 * returns `NO_INDEX` without appending anything when the record is anything else (tags, unknown
 * fields, a field missing, a length past its end): the general path then reads it again and
 * reports it.
 */
function readCanonicalRecord(buf: Buffer, pos: number, end: number, units: number[]): number {
  let p = pos + 1;
  // Record length. Each varint below is read byte by byte, never past the bytes it may use.
  if (p >= end) return NO_INDEX;
  let byte = buf[p++];
  let length = byte & 0x7f;
  for (let shift = 7; byte >= 0x80; shift += 7) {
    if (shift > 21 || p >= end) return NO_INDEX;
    byte = buf[p++];
    length |= (byte & 0x7f) << shift;
  }
  if (length > end - p) return NO_INDEX;
  const recordEnd = p + length;
  let partitionKeyIndex = NO_INDEX;
  let explicitHashKeyIndex = NO_INDEX;
  let dataStart = NO_INDEX;
  let dataEnd = NO_INDEX;
  while (p < recordEnd) {
    const tag = buf[p++];
    if (p >= recordEnd) return NO_INDEX;
    byte = buf[p++];
    let value = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      if (shift > 21 || p >= recordEnd) return NO_INDEX;
      byte = buf[p++];
      value |= (byte & 0x7f) << shift;
    }
    if (tag === TAG_DATA) {
      if (value > recordEnd - p) return NO_INDEX;
      dataStart = p;
      dataEnd = p + value;
      p = dataEnd;
    } else if (tag === TAG_PARTITION_KEY_INDEX) {
      partitionKeyIndex = value;
    } else if (tag === TAG_EXPLICIT_HASH_KEY_INDEX) {
      explicitHashKeyIndex = value;
    } else {
      return NO_INDEX;
    }
  }
  if (partitionKeyIndex === NO_INDEX || dataStart === NO_INDEX) return NO_INDEX;
  units.push(partitionKeyIndex, explicitHashKeyIndex, dataStart, dataEnd);
  return recordEnd;
}

/**
 * The key tables as strings, decoded as UTF-8 (invalid sequences become U+FFFD, as in protobuf's
 * own proto2 readers, and so the KCL: a partition key is never rejected for its encoding). KPL
 * writes the tables first, one after the other: when they sit together and every byte there is
 * ASCII (which UTF-8 decodes to the same characters as Latin-1), the whole stretch is decoded with
 * one call and each key is a substring of it; a native call per key would cost several times more
 * than the key takes to read.
 */
function decodeKeys(buf: Buffer, tables: KeyRanges): [string[], string[]] {
  let first = buf.length;
  let last = 0;
  let keyBytes = 0;
  for (const ranges of tables) {
    for (let i = 0; i < ranges.length; i += 2) {
      first = Math.min(first, ranges[i]);
      last = Math.max(last, ranges[i + 1]);
      keyBytes += ranges[i + 1] - ranges[i];
    }
  }
  // Together: no more than about one other byte per key byte (tags and lengths) in between.
  const entries = (tables[0].length + tables[1].length) / 2;
  const text =
    entries > 0 && last - first <= 2 * (keyBytes + 2 * entries) && isAscii(buf.subarray(first, last)) ? buf.toString('latin1', first, last) : undefined;
  return [decodeTable(buf, tables[0], text, first), decodeTable(buf, tables[1], text, first)];
}

function decodeTable(buf: Buffer, ranges: number[], text: string | undefined, textStart: number): string[] {
  const keys = new Array<string>(ranges.length / 2);
  for (let i = 0; i < keys.length; i++) {
    const start = ranges[2 * i];
    const end = ranges[2 * i + 1];
    keys[i] = text === undefined ? buf.toString('utf8', start, end) : text.substring(start - textStart, end - textStart);
  }
  return keys;
}

/**
 * `node:crypto`, loaded with the first aggregate rather than with shardline: loading it costs a
 * cold start about 3 ms, which functions that never receive an aggregate should not pay.
 * `process.getBuiltinModule` (Node 20.16+) rather than `require`: it works the same in the ESM
 * and CommonJS builds, and bundlers leave it alone (a bundled ESM `require` of a built-in throws).
 */
let crypto: typeof NodeCrypto | undefined;

/** Reads one `Record` message (the general path) and appends its indexes and data range to `units`. */
function readRecord(reader: ProtobufReader, recordOffset: number, units: number[]): void {
  reader.recordIndex = units.length / UNIT;
  const outerEnd = reader.pushLimit(reader.readLength());
  // Repeated occurrences of a singular field overwrite each other: the last one wins, as in protobuf.
  let partitionKeyIndex = NO_INDEX;
  let explicitHashKeyIndex = NO_INDEX;
  let dataStart = NO_INDEX;
  let dataEnd = NO_INDEX;
  let tagCount = 0;
  while (!reader.isAtEnd()) {
    const tagOffset = reader.pos;
    const tag = reader.readTag();
    if (tag === TAG_PARTITION_KEY_INDEX) {
      partitionKeyIndex = readIndex(reader, 'partition key', tagOffset);
    } else if (tag === TAG_EXPLICIT_HASH_KEY_INDEX) {
      explicitHashKeyIndex = readIndex(reader, 'explicit hash key', tagOffset);
    } else if (tag === TAG_DATA) {
      const length = reader.readLength();
      dataStart = reader.pos;
      dataEnd = dataStart + length;
      reader.pos = dataEnd;
    } else if (tag === TAG_TAGS) {
      checkTag(reader, tagCount++, tagOffset);
    } else {
      skipOther(reader, tag, tagOffset, 'Record');
    }
  }
  reader.popLimit(outerEnd);
  if (partitionKeyIndex === NO_INDEX) reader.fail('required field partition_key_index missing', recordOffset);
  if (dataStart === NO_INDEX) reader.fail('required field data missing', recordOffset);
  reader.recordIndex = -1;
  units.push(partitionKeyIndex, explicitHashKeyIndex, dataStart, dataEnd);
}

function readIndex(reader: ProtobufReader, table: string, tagOffset: number): number {
  const valueOffset = reader.pos;
  const index = reader.readVarint();
  if (index > MAX_TABLE_INDEX) {
    reader.fail(`${table} index ${readVarintBigInt(reader.buf, valueOffset)} is larger than any key table can be`, tagOffset);
  }
  return index;
}

/**
 * Tags are not returned (nothing downstream uses them), but a tag without its required key is
 * as malformed as a record without data, so their structure is still checked.
 */
function checkTag(reader: ProtobufReader, tagIndex: number, tagOffset: number): void {
  const outerEnd = reader.pushLimit(reader.readLength());
  let hasKey = false;
  while (!reader.isAtEnd()) {
    const fieldOffset = reader.pos;
    const tag = reader.readTag();
    if (tag === TAG_TAG_KEY || tag === TAG_TAG_VALUE) {
      hasKey ||= tag === TAG_TAG_KEY;
      // Not `pos += readLength()`: that adds to the position from before the length prefix.
      const length = reader.readLength();
      reader.pos += length;
    } else {
      skipOther(reader, tag, fieldOffset, 'Tag');
    }
  }
  reader.popLimit(outerEnd);
  if (!hasKey) reader.fail(`required field key missing in tag ${tagIndex}`, tagOffset);
}

/** The fields of each message, by field number from 1. */
const FIELDS = {
  AggregatedRecord: ['partition_key_table', 'explicit_hash_key_table', 'records'],
  Record: ['partition_key_index', 'explicit_hash_key_index', 'data', 'tags'],
  Tag: ['key', 'value'],
} as const;

/**
 * Skips a field that `message` does not read, as protobuf requires (aggregates from newer
 * producers add fields), or rejects it when it is one of `message`'s own fields, whose tags the
 * caller has already matched: then its wire type is wrong.
 */
function skipOther(reader: ProtobufReader, tag: number, tagOffset: number, message: keyof typeof FIELDS): void {
  const name: string | undefined = FIELDS[message][(tag >>> 3) - 1];
  if (name !== undefined) {
    // The two indexes are uint64 varints; every other field of the three messages is length-delimited.
    const expected = name.endsWith('_index') ? 0 : 2;
    const wireType = tag & 7;
    reader.fail(
      `${message} field ${name} has wire type ${wireType} (${WIRE_TYPE_NAMES[wireType]}), expected ${expected} (${WIRE_TYPE_NAMES[expected]})`,
      tagOffset,
    );
  }
  reader.skipField(tag, tagOffset);
}

function outOfRange(recordIndex: number, table: string, index: number, size: number): never {
  throw new KplDecodeError(`record ${recordIndex} refers to ${table} index ${index} but the table has ${size} ${size === 1 ? 'entry' : 'entries'}`, {
    recordIndex,
  });
}
