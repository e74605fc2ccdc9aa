import type { StreamRecord } from '../stream-record';

/**
 * Turns a record's bytes (after base64, deaggregation and decompression) into the payload a route
 * receives. `decode` is synchronous and throws on bad input; shardline turns the throw into a
 * `RecordDecodeError` for that record alone. Every codec, built-in or yours, can run the contract
 * suite in `shardline/testing` (`codecContract`).
 *
 * @example
 * const csv: Codec<string[]> = {
 *   name: 'csv',
 *   decode: (data) => Buffer.from(data).toString('utf8').split(','),
 * };
 * createHandler([Rows], { codec: csv });
 */
export interface Codec<T = unknown> {
  /** Shown in route tables and error messages. */
  readonly name: string;
  decode(data: Buffer, record: StreamRecord): T;
}

/** A built-in codec by name, or a codec object. */
export type CodecOption = 'json' | 'text' | 'binary' | Codec;
