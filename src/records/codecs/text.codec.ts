import type { Codec } from './codec.js';

// Made on the first record it decodes, not when shardline loads: most handlers never use it.
let decoder: InstanceType<typeof TextDecoder> | undefined;

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
  decode: (data: Buffer): string => (decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(data),
});
