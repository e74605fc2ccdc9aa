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
const TRUNCATED = '[Truncated]';
const CIRCULAR = '[Circular]';

interface Walk {
  budget: number;
  /** The objects being copied, from the root to the current one: a value among them is a cycle. */
  readonly ancestors: Set<object>;
}

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
  return walk(value, '', 0, { budget: MAX_TOTAL, ancestors: new Set() }, true);
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
    const message = read(value, 'message');
    described = message === UNREADABLE_VALUE ? UNREADABLE : message;
  }
  let text: string;
  if (typeof described === 'string') text = described;
  else if (typeof described === 'object' && described !== null) {
    const copy = toLoggable(described);
    text = typeof copy === 'string' ? copy : (JSON.stringify(copy) ?? UNREADABLE);
  } else if (typeof described === 'function') text = '[Function]';
  else text = String(described);
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/** `value instanceof Error`, which throws for a revoked Proxy (it asks for the prototype). */
function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

const UNREADABLE_VALUE = Symbol('unreadable');

/** `target[key]`, or `UNREADABLE_VALUE` when reading it throws. */
function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return UNREADABLE_VALUE;
  }
}

function walk(value: unknown, key: string, depth: number, state: Walk, callToJSON: boolean): unknown {
  switch (typeof value) {
    case 'string':
      return cut(value, state);
    case 'bigint':
      return cut(value.toString(), state);
    case 'number':
    case 'boolean':
      state.budget -= 8;
      return value;
    case 'object':
      if (value === null) return null;
      break;
    default:
      // undefined, functions and symbols: left out of objects and written as null in arrays, as JSON does.
      return undefined;
  }
  if (state.budget <= 0 || depth >= MAX_DEPTH) return TRUNCATED;
  if (state.ancestors.has(value)) return CIRCULAR;
  try {
    // Before toJSON: a Buffer's toJSON copies every byte into an array, however large the buffer.
    if (ArrayBuffer.isView(value)) return viewItems(value, depth, state);
    if (callToJSON) {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      // Like JSON.stringify: toJSON once, then its result as it is (a Date's string, a record's fields).
      if (typeof toJSON === 'function') return walk(toJSON.call(value, key), key, depth, state, false);
    }
    state.ancestors.add(value);
    try {
      if (isError(value)) return errorFields(value, depth, state);
      if (Array.isArray(value)) return arrayItems(value, depth, state);
      return objectFields(value, depth, state);
    } finally {
      state.ancestors.delete(value);
    }
  } catch {
    // A revoked Proxy, a throwing toJSON or ownKeys trap: nothing of it can be read.
    return UNREADABLE;
  }
}

function cut(text: string, state: Walk): string {
  const length = Math.min(text.length, MAX_STRING, Math.max(state.budget, 0));
  state.budget -= length + 2;
  return length === text.length ? text : `${text.slice(0, length)}…`;
}

/** An error's name, message and stack (not enumerable, so JSON would write `{}`), each read on its own. */
function errorFields(error: Error, depth: number, state: Walk): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of ['name', 'message', 'stack']) {
    const value = read(error, key);
    const copy = value === UNREADABLE_VALUE ? UNREADABLE : walk(value, key, depth + 1, state, true);
    if (copy !== undefined) fields[key] = copy;
  }
  return fields;
}

function arrayItems(array: readonly unknown[], depth: number, state: Walk): unknown[] {
  const length = Math.min(array.length, MAX_ENTRIES);
  const items: unknown[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const value = read(array, String(i));
    const copy = value === UNREADABLE_VALUE ? UNREADABLE : walk(value, String(i), depth + 1, state, true);
    items[i] = copy === undefined ? null : copy;
  }
  if (array.length > length) items.push(`[${array.length - length} more]`);
  return items;
}

function objectFields(object: object, depth: number, state: Walk): Record<string, unknown> {
  const keys = Object.keys(object);
  const fields: Record<string, unknown> = {};
  const count = Math.min(keys.length, MAX_ENTRIES);
  for (let i = 0; i < count && state.budget > 0; i++) {
    const key = keys[i];
    state.budget -= key.length + 4;
    const value = read(object, key);
    const copy = value === UNREADABLE_VALUE ? UNREADABLE : walk(value, key, depth + 1, state, true);
    // defineProperty, not assignment: a key named __proto__ stays an ordinary field of the copy.
    if (copy !== undefined) Object.defineProperty(fields, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  if (keys.length > count) fields['[more keys]'] = keys.length - count;
  return fields;
}

/** A Buffer as its toJSON writes it, a typed array as JSON writes it (by index), both cut to their first items. */
function viewItems(view: ArrayBufferView, depth: number, state: Walk): Record<string, unknown> {
  if (view instanceof DataView) return {};
  const items = arrayItems(Array.prototype.slice.call(view, 0, MAX_ENTRIES + 1) as unknown[], depth, state);
  const length = (view as unknown as { length: number }).length;
  if (length > MAX_ENTRIES) items[MAX_ENTRIES] = `[${length - MAX_ENTRIES} more]`;
  return Buffer.isBuffer(view) ? { type: 'Buffer', data: items } : { ...items };
}
