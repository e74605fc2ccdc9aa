import type { Codec } from './codec.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 text. Bytes that are not valid UTF-8 are a decode error, not replacement characters that
 * would silently change the data.
 *
 * @example
 * \@OnPartitionKey('syslog', { codec: 'text' })
 * line(text: string) {}
 */
export const textCodec: Codec<string> = Object.freeze({
  name: 'text',
  decode: (data: Buffer): string => decoder.decode(data),
});
