import { DecodeStage, RecordDecodeError } from '../errors.js';
import { decodeBase64, NOT_BASE64 } from './base64.js';
import type { Batch } from './batch.js';
import { decompress } from './decompress.js';

/** How bytes are decoded, resolved once in `createHandler`. */
export interface DecodeSettings {
  readonly decompress: boolean;
  readonly maxDecompressedBytes: number;
}

/**
 * A unit's bytes: base64 (unless the unit was split from an aggregate and its bytes are known),
 * then decompression. The codec runs later, once the route (which may choose its own codec) is
 * known; the `StreamRecord` is built only if something asks for it (see `LazyRecordContext`).
 *
 * @throws RecordDecodeError for a unit that failed to split, bad base64, or a corrupt or oversized compressed stream.
 * @example
 * const data = decodeRecord(batch, 0, { decompress: true, maxDecompressedBytes: 10 << 20 });
 */
export function decodeRecord(batch: Batch, unit: number, settings: DecodeSettings): Buffer {
  const error = batch.error(unit);
  if (error !== undefined) throw error;
  let data = batch.data(unit) ?? decodeBase64(batch.raw(unit).kinesis.data);
  if (data === undefined) throw new RecordDecodeError(batch.location(unit), DecodeStage.base64, NOT_BASE64);
  // Both magic numbers start with 0x1F (gzip) or 0x78 (zlib); anything else skips the call.
  if (settings.decompress && (data[0] === 0x1f || data[0] === 0x78)) {
    try {
      data = decompress(data, settings.maxDecompressedBytes);
    } catch (cause) {
      throw new RecordDecodeError(batch.location(unit), DecodeStage.decompress, (cause as Error).message, { cause });
    }
  }
  return data;
}
