import { DecodeStage, RecordDecodeError } from '../errors';
import { decodeBase64 } from './base64';
import type { BatchItem } from './batch-items';
import { decompress } from './decompress';
import { createStreamRecord, type StreamRecord } from './stream-record';

/** How bytes are decoded, resolved once in `createHandler`. */
export interface DecodeSettings {
  readonly decompress: boolean;
  readonly maxDecompressedBytes: number;
}

/**
 * Base64 (unless the item was split from an aggregate and already holds bytes), then
 * decompression. The codec runs later, once the route (which may choose its own codec) is known.
 *
 * @throws RecordDecodeError for bad base64 or a corrupt or oversized compressed stream.
 * @example
 * const record = decodeRecord(item, { decompress: true, maxDecompressedBytes: 10 << 20 });
 */
export function decodeRecord(item: BatchItem, settings: DecodeSettings): StreamRecord {
  if (item.error !== undefined) throw item.error;
  let data = item.data ?? decodeBase64(item.raw.kinesis.data, item);
  // Both magic numbers start with 0x1F (gzip) or 0x78 (zlib); anything else skips the call.
  if (settings.decompress && (data[0] === 0x1f || data[0] === 0x78)) {
    try {
      data = decompress(data, settings.maxDecompressedBytes);
    } catch (error) {
      throw new RecordDecodeError(item, DecodeStage.decompress, (error as Error).message, { cause: error });
    }
  }
  return createStreamRecord(item.raw, item.partitionKey, item.subSequenceNumber, item.explicitHashKey, data);
}

/**
 * The record a failed item is reported with: as far as decoding got, for `@OnInvalid` routes that
 * want to quarantine the bytes.
 */
export function undecodedRecord(item: BatchItem): StreamRecord {
  return createStreamRecord(item.raw, item.partitionKey, item.subSequenceNumber, item.explicitHashKey, item.data);
}
