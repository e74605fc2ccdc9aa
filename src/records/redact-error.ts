/**
 * The `cause` of a record error without the original's text. Loggers print a cause in full
 * (Powertools: name, message, stack, and again for its cause), and many errors quote what they
 * failed on: a JSON SyntaxError the first characters of the text, V8's TypeErrors a string value
 * ("Cannot create property 'x' on string '...'"), a user codec or `@Transform` anything at all.
 */

/** Longest `name` kept from the original error: a class name, but read from an object we do not control. */
const MAX_NAME = 64;

/**
 * An error that stands in for `error` as a cause: the same built-in class when it is one (so
 * `cause instanceof SyntaxError` still holds), its `name`, the given `message` (which must say
 * what failed and where, and hold no payload) and the original's stack frames (function names
 * and file positions, never values), so the fault can still be found; without them, its own.
 * Nothing of the original is kept, and a getter of it that throws only costs the frames.
 *
 * @example
 * try {
 *   JSON.parse(text);
 * } catch (error) {
 *   throw new RecordDecodeError(location, 'codec', 'invalid JSON', { cause: redactError(error, 'invalid JSON at position 12') });
 * }
 */
export function redactError(error: unknown, message: string): Error {
  const name = errorName(error);
  const redacted = new (builtInClass(error))(message);
  const frames = stackFrames(error) ?? stackFrames(redacted);
  if (redacted.name !== name) Object.defineProperty(redacted, 'name', { value: name, writable: true, configurable: true });
  redacted.stack = `${name}: ${message}${frames ?? ''}`;
  return redacted;
}

/**
 * The error's `name` (cut to 64 characters), or what was thrown when it is not an error:
 * `'string'`, `'number'`, `'null'`...
 *
 * @example
 * errorName(new TypeError('x')); // 'TypeError'
 * errorName('boom');              // 'string'
 */
export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return error === null ? 'null' : typeof error;
  try {
    const name = (error as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name.slice(0, MAX_NAME) : 'Error';
  } catch {
    return 'Error';
  }
}

/**
 * Whether `error` is V8's stack overflow. Other RangeErrors (`new Array(-1)`, a user's own) say
 * something else, and mean something else.
 *
 * @example
 * try { recurse(); } catch (error) { if (isStackOverflow(error)) return 'too deep'; }
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message === 'Maximum call stack size exceeded';
}

function builtInClass(error: unknown): new (message: string) => Error {
  return [SyntaxError, TypeError, RangeError, ReferenceError].find((type) => error instanceof type) ?? Error;
}

/**
 * The "\n    at ..." lines of the original's stack. V8 writes the stack as `${name}: ${message}`
 * followed by the frames; the frames are taken only when that header is found as it is, since a
 * message with line breaks could otherwise pass for frames.
 */
function stackFrames(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    const { stack, message, name } = error as { stack?: unknown; message?: unknown; name?: unknown };
    if (typeof stack !== 'string' || typeof message !== 'string' || typeof name !== 'string') return undefined;
    const header = message === '' ? name : `${name}: ${message}`;
    if (!stack.startsWith(header) || !stack.startsWith('\n    at ', header.length)) return undefined;
    return stack.slice(header.length);
  } catch {
    return undefined;
  }
}
