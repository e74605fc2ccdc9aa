/**
 * `JSON.parse` that refuses keys able to reach an object's prototype once the value is copied by
 * class-transformer or by user code (`__proto__`, `constructor.prototype`).
 *
 * The check runs only when the text could hold such a key (it spells `__proto__` or `prototype`,
 * which a `constructor.prototype` key needs, or uses `\u` escapes, which could spell either), so
 * ordinary payloads pay for a few `indexOf` scans, not for a walk over the parsed value.
 *
 * @example
 * safeJsonParse('{"a":1}'); // { a: 1 }
 * safeJsonParse('{"__proto__":{"admin":true}}'); // throws ForbiddenKeyError
 */
export function safeJsonParse(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (text.indexOf('__proto__') !== -1 || text.indexOf('\\u') !== -1 || spellsPrototype(text)) rejectPrototypeKeys(value);
  return value;
}

/**
 * Whether `text` contains "prototype". Searched from its "y" (as "ype"), not from its "p": V8's
 * `indexOf` jumps between occurrences of a pattern's first character with memchr, and "p" (like
 * every letter of "constructor") is everywhere in JSON, which makes a plain `indexOf('prototype')`
 * or `indexOf('constructor')` cost about 0.4 µs on a 1 KB payload; "y" is rare, so this costs a
 * fifth of that.
 */
function spellsPrototype(text: string): boolean {
  for (let i = text.indexOf('ype', 6); i !== -1; i = text.indexOf('ype', i + 3)) {
    if (text.startsWith('prototype', i - 6)) return true;
  }
  return false;
}

/** A JSON text with a key that could pollute prototypes. */
export class ForbiddenKeyError extends Error {}
// The name on the prototype, as the built-in errors and shardline's own (errors.ts) keep theirs.
ForbiddenKeyError.prototype.name = 'ForbiddenKeyError';

function forbidden(key: string): ForbiddenKeyError {
  return new ForbiddenKeyError(`JSON holds the forbidden key "${key}"`);
}

/**
 * Walks the parsed value with a list of pending objects rather than a reviver: V8 applies a
 * reviver recursively, so a few thousand levels of nesting overflowed the stack, while `JSON.parse`
 * itself takes any depth. Without a reviver, `JSON.parse` keeps a `__proto__` key as an own
 * property (it never sets the prototype), which is what this looks for.
 */
function rejectPrototypeKeys(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push(value[i]);
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__') throw forbidden(key);
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) throw forbidden('constructor.prototype');
      pending.push(child);
    }
  }
}
