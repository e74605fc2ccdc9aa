import { isUtf8 } from 'node:buffer';
import type { Codec } from './codec';
import { safeJsonParse } from './safe-json';

/**
 * UTF-8 JSON, the default codec. Keys that could pollute prototypes are refused, and so are bytes
 * that are not valid UTF-8: decoding them would put replacement characters into strings and
 * silently change the data (the check is one fast native pass over the bytes).
 *
 * @example
 * createHandler([Orders], { codec: 'json' });
 */
export const jsonCodec: Codec<unknown> = Object.freeze({
  name: 'json',
  decode: (data: Buffer): unknown => {
    if (!isUtf8(data)) throw new Error('the data is not valid UTF-8');
    return safeJsonParse(data.toString('utf8'));
  },
});
