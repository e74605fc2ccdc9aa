import { DecodeStage, RecordDecodeError } from '../errors.js';
import { decodeBase64, NOT_BASE64 } from './base64.js';
import type { Batch } from './batch.js';
import { decompress } from './decompress.js';
import { createStreamRecord, type StreamRecord } from './stream-record.js';

/** How bytes are decoded, resolved once in `createHandler`. */
export interface DecodeSettings {
  readonly decompress: boolean;
  readonly maxDecompressedBytes: number;
}

/**
 * Base64 (unless the unit was split from an aggregate and its bytes are known), then
 * decompression. The codec runs later, once the route (which may choose its own codec) is known.
 *
 * @throws RecordDecodeError for bad base64 or a corrupt or oversized compressed stream.
 * @example
 * const record = decodeRecord(batch, 0, { decompress: true, maxDecompressedBytes: 10 << 20 });
 */
export function decodeRecord(batch: Batch, unit: number, settings: DecodeSettings): StreamRecord {
  const error = batch.error(unit);
  if (error !== undefined) throw error;
  const raw = batch.raw(unit);
  let data = batch.data(unit) ?? decodeBase64(raw.kinesis.data);
  if (data === undefined) throw new RecordDecodeError(batch.location(unit), DecodeStage.base64, NOT_BASE64);
  // Both magic numbers start with 0x1F (gzip) or 0x78 (zlib); anything else skips the call.
  if (settings.decompress && (data[0] === 0x1f || data[0] === 0x78)) {
    try {
      data = decompress(data, settings.maxDecompressedBytes);
    } catch (cause) {
      throw new RecordDecodeError(batch.location(unit), DecodeStage.decompress, (cause as Error).message, { cause });
    }
  }
  return createStreamRecord(raw, batch.partitionKey(unit), batch.subSequenceNumber(unit), batch.explicitHashKey(unit), data);
}

/**
 * The record a failed unit is reported with: as far as decoding got, for `@OnInvalid` routes that
 * want to quarantine the bytes.
 */
export function undecodedRecord(batch: Batch, unit: number): StreamRecord {
  return createStreamRecord(batch.raw(unit), batch.partitionKey(unit), batch.subSequenceNumber(unit), batch.explicitHashKey(unit), batch.data(unit));
}
