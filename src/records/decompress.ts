import { constants as bufferConstants } from 'node:buffer';
import type * as NodeZlib from 'node:zlib';

/**
 * A compression format recognised by its magic bytes.
 *
 * @example
 * const format: CompressionFormat | undefined = detectCompression(bytes);
 */
export type CompressionFormat = 'gzip' | 'zlib';

/**
 * Default cap on the inflated size of one record: 10 MiB.
 *
 * A Kinesis record holds at most 1 MiB (10 MiB on streams configured for large records), and the
 * payloads that arrive compressed, CloudWatch Logs subscription batches and compressed JSON,
 * inflate about 5 to 10 times. 10 MiB admits every such record from a 1 MiB stream while a
 * compression bomb (a few KiB inflating to gigabytes) costs a Lambda no more than 10 MiB per
 * record in flight. Streams with large records should raise it.
 *
 * @example
 * const bytes = decompress(data, DEFAULT_MAX_DECOMPRESSED_BYTES);
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024;

/**
 * A payload that looked compressed could not be inflated: the stream is corrupt or truncated
 * (`cause` is zlib's error), or it inflates to more than the limit.
 *
 * Kept local to decompression so it has no dependency on the runtime; the record decoder wraps it
 * in a `RecordDecodeError` as the `cause`.
 *
 * @example
 * try {
 *   decompress(bytes, 1024 * 1024);
 * } catch (error) {
 *   if (error instanceof DecompressError) console.warn(error.format, error.message);
 * }
 */
export class DecompressError extends Error {
  override readonly name = 'DecompressError';

  constructor(
    /** The format the payload was detected as. */
    readonly format: CompressionFormat,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Recognises a gzip or zlib stream by its first bytes, or returns `undefined`.
 *
 * - gzip: `1F 8B 08` (magic and the deflate method, the only one gzip defines).
 * - zlib: `78` (deflate with a 32 KiB window, what every zlib encoder writes by default) followed
 *   by `01`, `5E`, `9C` or `DA`, the four headers zlib writes at compression levels 0-1, 2-5, 6
 *   and 7-9. The header checksum rule `(CMF * 256 + FLG) % 31 === 0` holds for all four.
 *
 * Why so narrow: a zlib header is only two bytes, and `78` is the letter `x`. JSON never starts
 * with `x`, but text can, and the checksum rule alone also accepts "x " (`78 20`), "x?" and "x}"
 * (streams with a preset dictionary, which no common producer writes). Of the four accepted
 * headers only "x^" (`78 5E`) is printable, so plain text that starts with "x^" is detected as
 * zlib and then fails to inflate; records that can start that way should not be decompressed.
 *
 * @example
 * detectCompression(zlib.gzipSync('{}')); // 'gzip'
 * detectCompression(zlib.deflateSync('{}')); // 'zlib'
 * detectCompression(Buffer.from('{"x":1}')); // undefined
 */
export function detectCompression(bytes: Uint8Array): CompressionFormat | undefined {
  const first = bytes[0];
  if (first === 0x1f) {
    return bytes[1] === 0x8b && bytes[2] === 0x08 ? 'gzip' : undefined;
  }
  if (first === 0x78) {
    const flags = bytes[1];
    return flags === 0x01 || flags === 0x5e || flags === 0x9c || flags === 0xda ? 'zlib' : undefined;
  }
  return undefined;
}

/**
 * `node:zlib`, loaded with the first compressed record rather than with shardline: loading it costs
 * a few milliseconds of every cold start, and most streams are not compressed.
 */
let zlib: typeof NodeZlib | undefined;

/**
 * Inflates `bytes` when `detectCompression` recognises them, and otherwise returns the same `Buffer`.
 *
 * Inflation stops as soon as the output passes `maxBytes`, so memory stays bounded by the limit,
 * not by what a bomb would inflate to. Concatenated gzip members inflate to the concatenation of
 * their contents, as `gunzipSync` does.
 *
 * @param maxBytes The largest inflated size accepted, in bytes; an output of exactly `maxBytes`
 *   passes. Use `DEFAULT_MAX_DECOMPRESSED_BYTES` unless the stream's records call for more.
 * @throws DecompressError when the stream is corrupt or truncated, or inflates to more than
 *   `maxBytes`.
 * @throws RangeError when `maxBytes` is not an integer from 1 to `buffer.constants.MAX_LENGTH`.
 * @example
 * const json = decompress(Buffer.from(record.kinesis.data, 'base64'), DEFAULT_MAX_DECOMPRESSED_BYTES);
 * const payload = JSON.parse(json.toString('utf8'));
 */
export function decompress(bytes: Buffer, maxBytes: number): Buffer {
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > bufferConstants.MAX_LENGTH) {
    throw new RangeError(`maxBytes must be an integer from 1 to ${bufferConstants.MAX_LENGTH}, but is ${maxBytes}`);
  }
  const format = detectCompression(bytes);
  if (format === undefined) return bytes;
  try {
    const options = { maxOutputLength: maxBytes };
    zlib ??= process.getBuiltinModule('node:zlib');
    return format === 'gzip' ? zlib.gunzipSync(bytes, options) : zlib.inflateSync(bytes, options);
  } catch (error) {
    // Duck-typed: under Jest's vm sandbox, errors from Node's core are not `instanceof Error`.
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    // The one ambiguous header: say so, or "incorrect data check" on a text record is a riddle.
    const hint = format === 'zlib' && bytes[1] === 0x5e ? ' (plain text that starts with "x^" looks like a zlib header)' : '';
    const reason =
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `inflates to more than the limit of ${maxBytes} bytes`
        : `could not be inflated: ${typeof message === 'string' ? message : String(error)}${hint}`;
    throw new DecompressError(format, `${format} payload ${reason}`, { cause: error });
  }
}
