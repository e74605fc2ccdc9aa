import type { Codec } from './codec';
import { safeJsonParse } from './safe-json';

/**
 * UTF-8 JSON, the default codec. Keys that could pollute prototypes are refused.
 *
 * @example
 * createHandler([Orders], { codec: 'json' });
 */
export const jsonCodec: Codec<unknown> = Object.freeze({
  name: 'json',
  decode: (data: Buffer): unknown => safeJsonParse(data.toString('utf8')),
});
