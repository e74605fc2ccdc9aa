/**
 * Any value, described without ever throwing: what a route throws is arbitrary (a circular object,
 * a getter or `toJSON` that throws, a revoked Proxy, a BigInt), and describing it for a log line
 * or an error message must not be what fails the batch. `JSON.stringify` throws on all of those,
 * and so do `String(value)`, `value instanceof Error` and `value.message` on some of them.
 */

/** Deepest nesting copied; deeper values are written as `'[Truncated]'`. */
const MAX_DEPTH = 10;
/** Most keys of one object, or items of one array. */
const MAX_ENTRIES = 100;
/** Longest string copied, in UTF-16 units. */
const MAX_STRING = 8_192;
/**
 * About the most characters one line gets: CloudWatch Logs cuts an event at 256 KB, and a line
 * much longer than this is one nobody reads. Counted as strings and keys are copied, so even a wide
 * and deep value costs at most this much work.
 */
const MAX_TOTAL = 65_536;
/** Longest description of a thrown value in an error message. */
const MAX_DESCRIPTION = 500;

const UNREADABLE = '[Unreadable]';

/**
 * A copy of `value` that `JSON.stringify` writes without throwing: what `JSON.stringify` would
 * write, except that cycles become `'[Circular]'`, a value that throws when read (a getter, a
 * `toJSON`, a revoked Proxy) becomes `'[Unreadable]'`, BigInts become strings, errors become their
 * `name`, `message` and `stack`, and the whole is bounded in depth, width and length. Never throws.
 *
 * @example
 * const value: Record<string, unknown> = { id: 1n };
 * value.self = value;
 * JSON.stringify(toLoggable(value)); // '{"id":"1","self":"[Circular]"}'
 */
export function toLoggable(value: unknown): unknown {
  // The state of one copy, shared by the functions below: the characters it may still write, and
  // the objects being copied, from the root to the current one (a value among them is a cycle).
  let budget = MAX_TOTAL;
  const ancestors = new Set<object>();

  function walk(value: unknown, key: string, depth: number, callToJSON: boolean): unknown {
    switch (typeof value) {
      case 'string':
      case 'bigint': {
        const text = String(value);
        const length = Math.min(text.length, MAX_STRING, Math.max(budget, 0));
        budget -= length + 2;
        return length === text.length ? text : `${text.slice(0, length)}…`;
      }
      case 'number':
      case 'boolean':
        budget -= 8;
        return value;
      case 'object':
        if (value === null) return null;
        break;
      default:
        // undefined, functions and symbols: left out of objects and written as null in arrays, as JSON does.
        return undefined;
    }
    if (budget <= 0 || depth >= MAX_DEPTH) return '[Truncated]';
    if (ancestors.has(value)) return '[Circular]';
    try {
      // Before toJSON: a Buffer's toJSON copies every byte into an array, however large the buffer.
      // A Buffer is written in the shape of its toJSON, a typed array as JSON writes it (by index),
      // both cut to their first items.
      if (ArrayBuffer.isView(value)) {
        if (value instanceof DataView) return {};
        const data = items(value as unknown as ArrayLike<unknown>, depth);
        return Buffer.isBuffer(value) ? { type: 'Buffer', data } : { ...data };
      }
      if (callToJSON) {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        // Like JSON.stringify: toJSON once, then its result as it is (a Date's string, a record's fields).
        if (typeof toJSON === 'function') return walk(toJSON.call(value, key), key, depth, false);
      }
      ancestors.add(value);
      try {
        // An error's name, message and stack are not enumerable: JSON would write `{}`.
        if (isError(value)) return fields(value, ['name', 'message', 'stack'], depth);
        if (Array.isArray(value)) return items(value, depth);
        return fields(value, Object.keys(value), depth);
      } finally {
        ancestors.delete(value);
      }
    } catch {
      // A revoked Proxy, a throwing toJSON or ownKeys trap: nothing of it can be read.
      return UNREADABLE;
    }
  }

  /** `target[key]`, copied, or `'[Unreadable]'` when reading it throws: each field is read on its own. */
  function field(target: object, key: string, depth: number): unknown {
    let value: unknown;
    try {
      value = (target as Record<string, unknown>)[key];
    } catch {
      return UNREADABLE;
    }
    return walk(value, key, depth + 1, true);
  }

  function items(array: ArrayLike<unknown>, depth: number): unknown[] {
    const length = Math.min(array.length, MAX_ENTRIES);
    const copy: unknown[] = new Array(length);
    // An item left out (undefined, a function, a symbol) stays undefined: JSON writes it as null.
    for (let i = 0; i < length; i++) copy[i] = field(array, String(i), depth);
    if (array.length > length) copy.push(`[${array.length - length} more]`);
    return copy;
  }

  function fields(object: object, keys: readonly string[], depth: number): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    const count = Math.min(keys.length, MAX_ENTRIES);
    for (let i = 0; i < count && budget > 0; i++) {
      const key = keys[i];
      budget -= key.length + 4;
      const value = field(object, key, depth);
      if (value !== undefined) defineField(copy, key, value);
    }
    if (keys.length > count) copy['[more keys]'] = keys.length - count;
    return copy;
  }

  return walk(value, '', 0, true);
}

/**
 * A short, single-string description of a thrown value for an error message: an error's message,
 * a string as it is, any other value as `toLoggable` writes it; at most 500 characters. Never throws.
 *
 * @example
 * describeThrown(new TypeError('boom')); // 'boom'
 * describeThrown({ code: 42 }); // '{"code":42}'
 */
export function describeThrown(value: unknown): string {
  let described = value;
  if (isError(value)) {
    try {
      described = value.message;
    } catch {
      described = UNREADABLE;
    }
  }
  let copy: unknown = '[Function]';
  if (typeof described === 'string' || (typeof described === 'object' && described !== null)) copy = toLoggable(described);
  else if (typeof described !== 'function') copy = String(described);
  const text = typeof copy === 'string' ? copy : (JSON.stringify(copy) ?? UNREADABLE);
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/**
 * Sets `target[key]` as an ordinary own field: defined, not assigned, so that a key named
 * `__proto__` is a field like any other and never the copy's prototype.
 *
 * @example
 * defineField(line, '__proto__', { polluted: true }); // JSON.stringify(line) has "__proto__"
 */
export function defineField(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `value instanceof Error`, which throws for a revoked Proxy (it asks for the prototype). */
function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}
