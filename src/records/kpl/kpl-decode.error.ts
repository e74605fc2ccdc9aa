/**
 * Where in the aggregate a decoding check failed; both parts are optional.
 *
 * @example
 * throw new KplDecodeError('required field data missing at byte 120 in record 3', { byteOffset: 120, recordIndex: 3 });
 */
export interface KplDecodeErrorLocation {
  /** Offset from the first byte of the aggregate (the first magic byte is byte 0). */
  readonly byteOffset?: number;
  /** Position of the sub-record in the aggregate, which is also its sub-sequence number. */
  readonly recordIndex?: number;
}

/**
 * A KPL aggregate failed one of the decoder's checks: framing, MD5 digest, protobuf structure,
 * required fields or key-table indexes. The message says which check failed and where; it never
 * contains payload bytes, because it ends up in logs.
 *
 * Kept local to the KPL decoder so it has no dependency on the runtime; the batch reader wraps it
 * in a `RecordDecodeError` as the `cause`.
 *
 * @example
 * try {
 *   deaggregate(bytes);
 * } catch (error) {
 *   if (error instanceof KplDecodeError) console.warn(error.message, error.recordIndex);
 * }
 */
export class KplDecodeError extends Error {
  override readonly name = 'KplDecodeError';
  /** Offset of the failing bytes from the start of the aggregate, when one applies. */
  readonly byteOffset: number | undefined;
  /** Index of the sub-record being decoded, when the failure is inside one. */
  readonly recordIndex: number | undefined;

  constructor(message: string, location: KplDecodeErrorLocation = {}) {
    super(message);
    this.byteOffset = location.byteOffset;
    this.recordIndex = location.recordIndex;
  }
}
