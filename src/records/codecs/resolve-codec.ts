import { binaryCodec } from './binary.codec.js';
import type { Codec, CodecOption } from './codec.js';
import { jsonCodec } from './json.codec.js';
import { textCodec } from './text.codec.js';

const builtIn: Readonly<Record<string, Codec>> = { json: jsonCodec, text: textCodec, binary: binaryCodec };

/**
 * Resolves a codec option to a codec object, or returns a description of what is wrong with it.
 *
 * @example
 * resolveCodec('text'); // textCodec
 */
export function resolveCodec(option: CodecOption): Codec | string {
  const expected = "'json', 'text', 'binary' or an object with a decode(data, record) method";
  if (typeof option === 'string') return builtIn[option] ?? `unknown codec ${JSON.stringify(option)}; expected ${expected}`;
  return typeof option === 'object' && option !== null && typeof option.decode === 'function' ? option : `a codec must be ${expected}`;
}
