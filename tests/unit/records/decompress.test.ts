import { constants as bufferConstants } from 'node:buffer';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decompress, DecompressError, DEFAULT_MAX_DECOMPRESSED_BYTES, detectCompression } from '../../../src/records/decompress';
import { aggregateRecords } from '../../../src/testing/kpl-aggregate';

const MiB = 1024 * 1024;
const json = Buffer.from(JSON.stringify({ type: 'order.created', orderId: 'o-42', lines: [{ sku: 'abc', qty: 2 }] }));

function thrown(action: () => unknown): DecompressError {
  try {
    action();
  } catch (error) {
    if (error instanceof DecompressError) return error;
    throw error;
  }
  throw new Error('expected a DecompressError, but nothing was thrown');
}

describe('detectCompression', () => {
  it('recognises gzip', () => {
    expect(detectCompression(gzipSync(json))).toBe('gzip');
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('recognises zlib written at compression level %i', (level) => {
    expect(detectCompression(deflateSync(json, { level }))).toBe('zlib');
  });

  it.each([
    ['a JSON object', '{"x":1}'],
    ['a JSON array', '[1,2]'],
    ['text starting with x', 'xylophone'],
    ['a header line starting with x', 'x-request-id: 42'],
    ['"x " (a checksum-valid zlib header with a preset dictionary)', 'x = 5'],
    ['"x?" (a checksum-valid zlib header with a preset dictionary)', 'x?'],
    ['"x}" (a checksum-valid zlib header with a preset dictionary)', 'x}'],
    ['a lone x', 'x'],
    ['empty input', ''],
  ])('does not take %s for compressed data', (_case, text) => {
    expect(detectCompression(Buffer.from(text))).toBeUndefined();
  });

  it('takes text that starts with "x^" for zlib, as documented', () => {
    expect(detectCompression(Buffer.from('x^2 + y'))).toBe('zlib');
  });

  it.each([
    ['raw deflate, which has no header', deflateRawSync(json)],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a KPL aggregate', aggregateRecords([{ partitionKey: 'k', data: 'x' }])],
    ['the gzip magic with a method other than deflate', Buffer.from([0x1f, 0x8b, 0x07, 0, 0, 0])],
    ['a lone 0x1F byte', Buffer.from([0x1f])],
  ])('does not take %s for compressed data', (_case, bytes) => {
    expect(detectCompression(bytes)).toBeUndefined();
  });
});

describe('decompress', () => {
  it('inflates gzip', () => {
    const inflated = decompress(gzipSync(json), MiB);

    expect(inflated).toEqual(json);
  });

  it.each([1, 4, 6, 9])('inflates zlib written at level %i', (level) => {
    const inflated = decompress(deflateSync(json, { level }), MiB);

    expect(inflated).toEqual(json);
  });

  it('inflates concatenated gzip members into the concatenation of their contents', () => {
    const bytes = Buffer.concat([gzipSync('first '), gzipSync('second')]);

    expect(decompress(bytes, MiB).toString()).toBe('first second');
  });

  it('returns input that is not compressed as the same Buffer', () => {
    const inflated = decompress(json, MiB);

    expect(inflated).toBe(json);
  });

  it('leaves binary data untouched', () => {
    const binary = Buffer.from([0x00, 0xff, 0x78, 0x9c, 0x1f, 0x8b, 0x08]);

    expect(decompress(binary, MiB)).toBe(binary);
  });

  it('accepts an output of exactly the limit', () => {
    const payload = Buffer.alloc(4096, 0x61);

    expect(decompress(gzipSync(payload), 4096)).toEqual(payload);
  });

  it('rejects an output one byte over the limit', () => {
    const error = thrown(() => decompress(gzipSync(Buffer.alloc(4097, 0x61)), 4096));

    expect(error.message).toBe('gzip payload inflates to more than the limit of 4096 bytes');
  });

  it("rejects a gzip bomb, naming the format and the limit, with zlib's error as the cause", () => {
    const bomb = gzipSync(Buffer.alloc(50 * MiB));

    const error = thrown(() => decompress(bomb, MiB));

    expect(error.message).toBe(`gzip payload inflates to more than the limit of ${MiB} bytes`);
    expect(error.format).toBe('gzip');
    expect(error.cause).toMatchObject({ code: 'ERR_BUFFER_TOO_LARGE' });
  });

  it('rejects a zlib bomb', () => {
    const bomb = deflateSync(Buffer.alloc(50 * MiB));

    expect(() => decompress(bomb, MiB)).toThrow(`zlib payload inflates to more than the limit of ${MiB} bytes`);
  });

  it('stops inflating a bomb at the limit instead of allocating its whole output', () => {
    // 512 MiB of zeros as 512 concatenated gzip members: about 0.5 MB to hold, 512 MiB to inflate.
    const bomb = Buffer.concat(new Array<Buffer>(512).fill(gzipSync(Buffer.alloc(MiB))));
    const peakBefore = process.resourceUsage().maxRSS * 1024;

    expect(() => decompress(bomb, MiB)).toThrow(DecompressError);

    // The peak resident set size would grow by hundreds of MiB if the output were allocated.
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(64 * MiB);
  });

  it("rejects a corrupt gzip stream with zlib's reason and error", () => {
    const bytes = gzipSync(json);
    bytes[bytes.length - 5] ^= 0xff; // inside the CRC-32 trailer

    const error = thrown(() => decompress(bytes, MiB));

    expect(error.message).toBe('gzip payload could not be inflated: incorrect data check');
    expect(error.cause).toMatchObject({ code: 'Z_DATA_ERROR' });
  });

  it('rejects a truncated gzip stream', () => {
    const bytes = gzipSync(json).subarray(0, 20);

    expect(() => decompress(bytes, MiB)).toThrow('gzip payload could not be inflated: unexpected end of file');
  });

  it('rejects a gzip member followed by bytes that are not another member, as gunzipSync does', () => {
    const bytes = Buffer.concat([gzipSync(json), Buffer.from('trailing')]);

    expect(() => decompress(bytes, MiB)).toThrow(DecompressError);
  });

  it('rejects a corrupt zlib stream', () => {
    const bytes = deflateSync(json);
    bytes[bytes.length - 1] ^= 0xff; // inside the Adler-32 trailer

    expect(() => decompress(bytes, MiB)).toThrow('zlib payload could not be inflated: incorrect data check');
  });

  it('rejects text that starts with "x^", explaining why it looked compressed', () => {
    const error = thrown(() => decompress(Buffer.from('x^2 + y^2 = r^2'), MiB));

    expect(error.format).toBe('zlib');
    expect(error.message).toMatch(/^zlib payload could not be inflated: .+ \(plain text that starts with "x\^" looks like a zlib header\)$/);
  });

  it('raises errors named DecompressError that are Errors', () => {
    const error = thrown(() => decompress(gzipSync(json).subarray(0, 12), MiB));

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DecompressError');
  });

  it.each([0, -1, 1.5, Number.NaN, bufferConstants.MAX_LENGTH + 1])('rejects a maxBytes of %p with a RangeError', (maxBytes) => {
    expect(() => decompress(json, maxBytes)).toThrow(RangeError);
  });
});

describe('DEFAULT_MAX_DECOMPRESSED_BYTES', () => {
  it('admits a full 1 MiB record of log text that inflated ten times', () => {
    const line = '{"timestamp":1700000000000,"message":"GET /orders/42 200 13ms","level":"info"}\n';
    const logs = Buffer.from(line.repeat(Math.floor(DEFAULT_MAX_DECOMPRESSED_BYTES / line.length)));

    expect(decompress(gzipSync(logs), DEFAULT_MAX_DECOMPRESSED_BYTES)).toHaveLength(logs.length);
  });

  it('stops a payload that inflates past 10 MiB', () => {
    const bomb = gzipSync(Buffer.alloc(DEFAULT_MAX_DECOMPRESSED_BYTES + 1));

    expect(() => decompress(bomb, DEFAULT_MAX_DECOMPRESSED_BYTES)).toThrow(DecompressError);
  });
});
