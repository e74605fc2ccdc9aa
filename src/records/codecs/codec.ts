import type { StreamRecord } from '../stream-record.js';

/**
 * Turns a record's bytes into the payload a route receives.
 *
 * `decode(data, record)` is called with the bytes after base64, KPL deaggregation and
 * decompression, and with the record they belong to (for codecs that depend on its partition key
 * or arrival time; most ignore it). What a codec must do, which `codecContract` in
 * `shardline/testing` checks:
 *
 * - Be synchronous: return the payload, never a promise.
 * - Throw an `Error` for bytes it cannot decode, never return a half-decoded or substituted value.
 *   shardline turns the throw into a `RecordDecodeError` (stage `codec`) for that record alone,
 *   which goes to `@OnInvalid`. Say what is wrong in the message, not what the bytes were: it ends
 *   up in logs.
 * - Leave `data` unchanged. It may be a view into a bigger buffer (a KPL sub-record is a slice of
 *   its aggregate), so read only `data.byteOffset` to `data.byteOffset + data.length` of
 *   `data.buffer`, or better, only through `data` itself.
 * - Decode the same bytes to the same value every time.
 * - Declare what empty input gives: a value, or an error.
 *
 * Type routes read the discriminator from the payload decoded by the handler's codec (the
 * `codec` option of `createHandler`), so a stream whose records are not JSON sets its codec there.
 *
 * @example
 * const csv: Codec<string[]> = {
 *   name: 'csv',
 *   decode: (data) => {
 *     const text = new TextDecoder('utf-8', { fatal: true }).decode(data); // throws on bad UTF-8
 *     return text === '' ? [] : text.split(',');
 *   },
 * };
 * createHandler([Rows], { codec: csv });
 */
export interface Codec<T = unknown> {
  /** Shown in route tables and error messages. */
  readonly name: string;
  /**
   * Decodes one record's bytes.
   *
   * @throws Error when the bytes are not valid for this codec.
   */
  decode(data: Buffer, record: StreamRecord): T;
}

/** A built-in codec by name, or a codec object. */
export type CodecOption = 'json' | 'text' | 'binary' | Codec;
