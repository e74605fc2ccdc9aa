import { isUtf8 } from 'node:buffer';
import type { Codec } from './codec.js';
import { safeJsonParse } from './safe-json.js';

/**
 * UTF-8 JSON, the default codec. Keys that could pollute prototypes are refused, and so are bytes
 * that are not valid UTF-8: decoding them would put replacement characters into strings and
 * silently change the data.
 *
 * Invalid UTF-8 always decodes to at least one U+FFFD, so the bytes are validated (a second pass
 * over them) only when the text holds one; on text without characters beyond Latin-1, V8 answers
 * that `indexOf` without scanning.
 *
 * @example
 * createHandler([Orders], { codec: 'json' });
 */
export const jsonCodec: Codec<unknown> = Object.freeze({
  name: 'json',
  decode: (data: Buffer): unknown => {
    // No encoding argument: Buffer's toString then goes straight to its UTF-8 decoder.
    const text = data.toString();
    if (text.indexOf('\uFFFD') !== -1 && !isUtf8(data)) throw new InvalidUtf8Error(NOT_UTF8);
    return safeJsonParse(text);
  },
});

/** Why the json and text codecs refuse bytes that are not UTF-8. */
export const NOT_UTF8 = 'the data is not valid UTF-8';

/** Bytes the json codec refused because they are not UTF-8. Its message is fixed: it never quotes the bytes. */
export class InvalidUtf8Error extends Error {}
// The name on the prototype, as the built-in errors and shardline's own (errors.ts) keep theirs.
InvalidUtf8Error.prototype.name = 'InvalidUtf8Error';
