import { KplDecodeError } from './kpl-decode.error.js';
import { WireType } from './kpl-format.js';

/**
 * Groups are a deprecated protobuf feature that KPL never writes, but a reader that skips unknown
 * fields must still skip them. Their nesting recurses, so a hostile input of many start-group tags
 * must hit a limit long before the stack does. 100 is protobuf's own default recursion limit.
 */
const MAX_GROUP_DEPTH = 100;

/** The largest tag a valid field can have: field number 2^29 - 1, wire type 7. */
const MAX_TAG = 0xffffffff;

/**
 * Wire types as error messages name them, by number: `${wireType} (${WIRE_TYPE_NAMES[wireType]})`.
 *
 * @example
 * `truncated ${WIRE_TYPE_NAMES[WireType.fixed64]} field`; // 'truncated fixed64 field'
 */
export const WIRE_TYPE_NAMES: readonly string[] = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

/**
 * A minimal protobuf wire-format reader over one buffer, just enough for the KPL messages.
 *
 * It reads in place: positions are offsets into the whole buffer, so error messages can name the
 * byte where decoding failed, and nested messages are read by narrowing `end` (see `pushLimit`)
 * instead of slicing. The methods do not allocate, so the per-record loop of `deaggregate` only
 * creates what it returns. Every read is bounded by `end`, and every failure throws a
 * `KplDecodeError`: malformed input can neither read past the message nor loop forever.
 *
 * Internal to the KPL decoder; exported for its tests.
 *
 * @example
 * const reader = new ProtobufReader(bytes, 4, bytes.length - 16);
 * while (!reader.isAtEnd()) {
 *   const tagOffset = reader.pos;
 *   const tag = reader.readTag();
 *   if (tag !== 0x0a) reader.skipField(tag, tagOffset);
 *   else {
 *     const length = reader.readLength(); // field 1, length-delimited
 *     keys.push(reader.buf.toString('utf8', reader.pos, reader.pos + length));
 *     reader.pos += length;
 *   }
 * }
 */
export class ProtobufReader {
  /** Offset of the next byte to read. */
  pos: number;
  /** Offset one past the last byte of the message being read. */
  end: number;
  /**
   * The KPL sub-record being read, or -1; only used to make error messages precise. A plain field
   * rather than a wrapping try/catch, so the happy path pays one integer store per record.
   */
  recordIndex = -1;

  constructor(
    readonly buf: Buffer,
    start: number,
    end: number,
  ) {
    this.pos = start;
    this.end = end;
  }

  /**
   * Whether every byte of the current message has been read.
   *
   * @example
   * while (!reader.isAtEnd()) reader.skipField(reader.readTag(), reader.pos);
   */
  isAtEnd(): boolean {
    return this.pos >= this.end;
  }

  /**
   * Reads a field tag: `fieldNumber = tag >>> 3`, `wireType = tag & 7`. Rejects field number 0 and
   * the wire types 6 and 7, which no encoder writes.
   *
   * @example
   * const tag = reader.readTag();
   * if (tag === 0x1a) readData(); // field 3, length-delimited
   */
  readTag(): number {
    const offset = this.pos;
    const tag = this.readVarint();
    if (tag > MAX_TAG || tag >>> 3 === 0 || ((tag & 7) as WireType) > WireType.fixed32) {
      this.fail(`invalid field tag (${tag >>> 3 === 0 ? 'field number 0' : `wire type ${tag & 7}`})`, offset);
    }
    return tag;
  }

  /**
   * Reads an unsigned varint of up to 64 bits. Values up to `Number.MAX_SAFE_INTEGER` are exact;
   * larger ones come back rounded but still larger than `Number.MAX_SAFE_INTEGER`, which is all a
   * range check needs (use `readVarintBigInt` for the exact value). Rejects varints longer than ten
   * bytes or over 64 bits rather than wrapping around.
   *
   * @example
   * const partitionKeyIndex = reader.readVarint();
   */
  readVarint(): number {
    // One-byte varints (values under 128) are nearly every index and tag that KPL writes.
    const pos = this.pos;
    if (pos < this.end) {
      const byte = this.buf[pos];
      if (byte < 0x80) {
        this.pos = pos + 1;
        return byte;
      }
    }
    return this.#readLongVarint();
  }

  #readLongVarint(): number {
    const start = this.pos;
    let pos = start;
    let value = 0;
    // Multiplication instead of shifts: JavaScript shifts are 32-bit, varints here go up to 64.
    // The loop ends by the tenth byte: it returns, or fails.
    for (let scale = 1; ; scale *= 128) {
      if (pos >= this.end) this.fail('truncated varint', start);
      const byte = this.buf[pos++];
      // The tenth byte carries only bit 63; anything more overflows 64 bits or continues past ten bytes.
      if (pos - start === 10 && byte > 1) this.fail('varint longer than 64 bits', start);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return value;
      }
    }
  }

  /**
   * Reads the length prefix of a length-delimited field and checks that the field fits in the
   * current message. The next `length` bytes, from `pos`, are the field's contents.
   *
   * @example
   * const length = reader.readLength();
   * const data = reader.buf.subarray(reader.pos, reader.pos + length);
   * reader.pos += length;
   */
  readLength(): number {
    const offset = this.pos;
    const length = this.readVarint();
    if (length > this.end - this.pos) {
      this.fail(`length-delimited field declares ${length} bytes but only ${this.end - this.pos} remain`, offset);
    }
    return length;
  }

  /**
   * Narrows the reader to the next `length` bytes, an embedded message, and returns the outer end
   * to hand back to `popLimit`.
   *
   * @example
   * const outerEnd = reader.pushLimit(reader.readLength());
   * while (!reader.isAtEnd()) readRecordField(reader);
   * reader.popLimit(outerEnd);
   */
  pushLimit(length: number): number {
    const outerEnd = this.end;
    this.end = this.pos + length;
    return outerEnd;
  }

  /**
   * Restores the outer message's end after an embedded message has been read to its end.
   *
   * @example
   * reader.popLimit(outerEnd);
   */
  popLimit(outerEnd: number): void {
    this.end = outerEnd;
  }

  /**
   * Skips the value of a field the caller does not know, of any wire type, groups included.
   * `tagOffset` is where the tag started, for error messages; `depth`, how many groups the field is
   * in (callers leave it out).
   *
   * @example
   * const tagOffset = reader.pos;
   * const tag = reader.readTag();
   * if (tag >>> 3 > 4) reader.skipField(tag, tagOffset);
   */
  skipField(tag: number, tagOffset: number, depth = 0): void {
    const wireType = (tag & 7) as WireType;
    switch (wireType) {
      case WireType.varint:
        this.readVarint();
        return;
      case WireType.fixed64:
      case WireType.fixed32: {
        const size = wireType === WireType.fixed64 ? 8 : 4;
        if (this.end - this.pos < size) this.fail(`truncated ${WIRE_TYPE_NAMES[wireType]} field`, tagOffset);
        this.pos += size;
        return;
      }
      case WireType.lengthDelimited: {
        // Not `pos += readLength()`: that adds to the position from before the length prefix.
        const length = this.readLength();
        this.pos += length;
        return;
      }
      case WireType.startGroup:
        this.#skipGroup(tag >>> 3, tagOffset, depth + 1);
        return;
      default:
        this.fail(`end-group tag for field ${tag >>> 3} without a matching start-group tag`, tagOffset);
    }
  }

  #skipGroup(fieldNumber: number, startOffset: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) this.fail(`groups nested more than ${MAX_GROUP_DEPTH} deep`, startOffset);
    for (;;) {
      if (this.isAtEnd()) this.fail(`group for field ${fieldNumber} has no end-group tag`, startOffset);
      const tagOffset = this.pos;
      const tag = this.readTag();
      if (((tag & 7) as WireType) === WireType.endGroup) {
        if (tag >>> 3 !== fieldNumber) {
          this.fail(`end-group tag for field ${tag >>> 3} closes the group of field ${fieldNumber}`, tagOffset);
        }
        return;
      }
      this.skipField(tag, tagOffset, depth);
    }
  }

  /**
   * Throws a `KplDecodeError` for a failure at `byteOffset`, naming the sub-record being read.
   *
   * @example
   * if (wireType !== 0) reader.fail('field partition_key_index has wire type 2, expected 0 (varint)', tagOffset);
   */
  fail(reason: string, byteOffset: number): never {
    const recordIndex = this.recordIndex < 0 ? undefined : this.recordIndex;
    throw new KplDecodeError(`${reason} at byte ${byteOffset}${recordIndex === undefined ? '' : ` in record ${recordIndex}`}`, { byteOffset, recordIndex });
  }
}

/**
 * Reads the varint at `offset` exactly, for error messages about values beyond
 * `Number.MAX_SAFE_INTEGER`. Slow on purpose: only error paths call it, on a varint that
 * `ProtobufReader.readVarint` has already validated.
 *
 * @example
 * readVarintBigInt(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0); // 18446744073709551615n
 */
export function readVarintBigInt(buf: Uint8Array, offset: number): bigint {
  let value = 0n;
  let shift = 0n;
  for (let pos = offset; pos < buf.length && shift < 70n; pos++) {
    value |= BigInt(buf[pos] & 0x7f) << shift;
    if (buf[pos] < 0x80) break;
    shift += 7n;
  }
  return value;
}
