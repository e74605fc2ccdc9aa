import { KplDecodeError } from '../../../../src/records/kpl/kpl-decode.error';
import { ProtobufReader, readVarintBigInt } from '../../../../src/records/kpl/protobuf-reader';

/** A reader over `bytes`, framed like the body of an aggregate: two bytes of padding on each side. */
function readerOver(bytes: number[]): ProtobufReader {
  const buf = Buffer.from([0xee, 0xee, ...bytes, 0xee, 0xee]);
  return new ProtobufReader(buf, 2, 2 + bytes.length);
}

function thrown(action: () => unknown): KplDecodeError {
  try {
    action();
  } catch (error) {
    if (error instanceof KplDecodeError) return error;
    throw error;
  }
  throw new Error('expected a KplDecodeError, but nothing was thrown');
}

describe('ProtobufReader.readVarint', () => {
  it('reads a one-byte varint and advances by one byte', () => {
    const reader = readerOver([0x7f]);

    const value = reader.readVarint();

    expect(value).toBe(127);
    expect(reader.pos).toBe(3);
  });

  it('reads a multi-byte varint', () => {
    const reader = readerOver([0xac, 0x02]);

    expect(reader.readVarint()).toBe(300);
  });

  it('reads values above 2^32 without 32-bit wrap-around', () => {
    // 2^35 + 1
    const reader = readerOver([0x81, 0x80, 0x80, 0x80, 0x80, 0x01]);

    expect(reader.readVarint()).toBe(2 ** 35 + 1);
  });

  it('reads Number.MAX_SAFE_INTEGER exactly', () => {
    const reader = readerOver([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]);

    expect(reader.readVarint()).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads the largest 64-bit value as a number above Number.MAX_SAFE_INTEGER', () => {
    const reader = readerOver([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);

    const value = reader.readVarint();

    expect(value).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(reader.isAtEnd()).toBe(true);
  });

  it('accepts an overlong encoding of a small value', () => {
    const reader = readerOver([0x81, 0x80, 0x00]);

    expect(reader.readVarint()).toBe(1);
  });

  it('rejects a varint that runs into the end of the message, naming its first byte', () => {
    const reader = readerOver([0x08, 0x96]);
    reader.readVarint();

    const error = thrown(() => reader.readVarint());

    expect(error.message).toBe('truncated varint at byte 3');
    expect(error.byteOffset).toBe(3);
  });

  it('rejects a varint cut off by a narrowed limit even when the buffer goes on', () => {
    const reader = readerOver([0x96, 0x01]);
    reader.pushLimit(1);

    expect(() => reader.readVarint()).toThrow('truncated varint at byte 2');
  });

  it('rejects a varint longer than ten bytes', () => {
    const reader = readerOver([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);

    expect(() => reader.readVarint()).toThrow('varint longer than 64 bits at byte 2');
  });

  it('rejects a ten-byte varint whose last byte overflows 64 bits', () => {
    const reader = readerOver([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]);

    expect(() => reader.readVarint()).toThrow('varint longer than 64 bits at byte 2');
  });

  it('names the sub-record being read in its error messages', () => {
    const reader = readerOver([0x80]);
    reader.recordIndex = 7;

    const error = thrown(() => reader.readVarint());

    expect(error.message).toBe('truncated varint at byte 2 in record 7');
    expect(error.recordIndex).toBe(7);
  });
});

describe('readVarintBigInt', () => {
  it('reads the largest 64-bit value exactly', () => {
    const buf = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);

    expect(readVarintBigInt(buf, 0)).toBe(18446744073709551615n);
  });

  it('reads from the given offset', () => {
    const buf = Buffer.from([0xff, 0xac, 0x02]);

    expect(readVarintBigInt(buf, 1)).toBe(300n);
  });
});

describe('ProtobufReader.readTag', () => {
  it('returns field number and wire type packed as protobuf writes them', () => {
    const reader = readerOver([0x1a]);

    const tag = reader.readTag();

    expect(tag >>> 3).toBe(3);
    expect(tag & 7).toBe(2);
  });

  it('reads tags of large field numbers', () => {
    // field 2^29 - 1 (the largest), wire type 0
    const reader = readerOver([0xf8, 0xff, 0xff, 0xff, 0x0f]);

    expect(reader.readTag() >>> 3).toBe(2 ** 29 - 1);
  });

  it('rejects field number 0', () => {
    const reader = readerOver([0x02, 0x00]);

    expect(() => reader.readTag()).toThrow('invalid field tag (field number 0) at byte 2');
  });

  it.each([6, 7])('rejects wire type %i', (wireType) => {
    const reader = readerOver([(1 << 3) | wireType]);

    expect(() => reader.readTag()).toThrow(`invalid field tag (wire type ${wireType}) at byte 2`);
  });

  it('rejects a tag above 32 bits', () => {
    const reader = readerOver([0x88, 0x80, 0x80, 0x80, 0x10]);

    expect(() => reader.readTag()).toThrow(KplDecodeError);
  });
});

describe('ProtobufReader.readLength', () => {
  it('returns a length that fits in the message', () => {
    const reader = readerOver([0x02, 0x61, 0x62]);

    expect(reader.readLength()).toBe(2);
    expect(reader.pos).toBe(3);
  });

  it('rejects a length longer than the rest of the message', () => {
    const reader = readerOver([0x03, 0x61, 0x62]);

    expect(() => reader.readLength()).toThrow('length-delimited field declares 3 bytes but only 2 remain at byte 2');
  });

  it('rejects a length that passes a narrowed limit', () => {
    const reader = readerOver([0x02, 0x61, 0x62]);
    reader.pushLimit(2);

    expect(() => reader.readLength()).toThrow('declares 2 bytes but only 1 remain');
  });

  it('rejects a 64-bit length without wrapping it around', () => {
    const reader = readerOver([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x61]);

    expect(() => reader.readLength()).toThrow(KplDecodeError);
  });
});

describe('ProtobufReader.pushLimit and popLimit', () => {
  it('confine reads to an embedded message and then restore the outer end', () => {
    const reader = readerOver([0x01, 0x05, 0x06]);
    const outerEnd = reader.pushLimit(reader.readLength());

    reader.readVarint();
    const embeddedDone = reader.isAtEnd();
    reader.popLimit(outerEnd);

    expect(embeddedDone).toBe(true);
    expect(reader.isAtEnd()).toBe(false);
    expect(reader.readVarint()).toBe(6);
  });
});

describe('ProtobufReader.skipField', () => {
  function skipFirstField(bytes: number[]): ProtobufReader {
    const reader = readerOver(bytes);
    const tagOffset = reader.pos;
    reader.skipField(reader.readTag(), tagOffset);
    return reader;
  }

  it.each([
    ['varint', [0x08, 0x96, 0x01]],
    ['fixed64', [0x09, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['length-delimited', [0x0a, 0x03, 0x61, 0x62, 0x63]],
    ['group', [0x0b, 0x10, 0x01, 0x0c]],
    ['fixed32', [0x0d, 1, 2, 3, 4]],
  ])('skips a %s field exactly', (_wireType, field) => {
    const reader = skipFirstField([...field, 0x10, 0x2a]);

    expect(reader.readTag()).toBe(0x10);
    expect(reader.readVarint()).toBe(42);
  });

  it('skips nested groups and every wire type inside them', () => {
    // group 1 { varint, fixed64, bytes, group 2 { fixed32 }, }
    const group = [0x0b, 0x08, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x01, 0x61, 0x13, 0x1d, 1, 2, 3, 4, 0x14, 0x0c];
    const reader = skipFirstField([...group, 0x10, 0x2a]);

    expect(reader.readTag()).toBe(0x10);
  });

  it.each([
    ['fixed64', [0x09, 1, 2, 3], 'truncated fixed64 field at byte 2'],
    ['fixed32', [0x0d, 1, 2], 'truncated fixed32 field at byte 2'],
    ['length-delimited', [0x0a, 0x05, 0x61], 'length-delimited field declares 5 bytes but only 1 remain at byte 3'],
    ['varint', [0x08, 0xff], 'truncated varint at byte 3'],
  ])('rejects a truncated %s field', (_wireType, field, message) => {
    expect(() => skipFirstField(field)).toThrow(message);
  });

  it('rejects a group without an end-group tag', () => {
    expect(() => skipFirstField([0x0b, 0x08, 0x01])).toThrow('group for field 1 has no end-group tag at byte 2');
  });

  it('rejects a group closed by the end-group tag of another field', () => {
    expect(() => skipFirstField([0x0b, 0x14])).toThrow('end-group tag for field 2 closes the group of field 1 at byte 3');
  });

  it('rejects an end-group tag outside any group', () => {
    expect(() => skipFirstField([0x0c])).toThrow('end-group tag for field 1 without a matching start-group tag at byte 2');
  });

  it('rejects groups nested deeper than the recursion limit instead of overflowing the stack', () => {
    const deep = new Array<number>(100_000).fill(0x0b);

    expect(() => skipFirstField(deep)).toThrow('groups nested more than 100 deep');
  });

  it('accepts groups nested up to the recursion limit', () => {
    const nested = [...new Array<number>(100).fill(0x0b), ...new Array<number>(100).fill(0x0c)];

    expect(skipFirstField(nested).isAtEnd()).toBe(true);
  });
});
