/**
 * `JSON.parse` that refuses keys able to reach an object's prototype once the value is copied by
 * class-transformer or by user code (`__proto__`, `constructor.prototype`).
 *
 * The check runs only when the text could hold such a key (it names one, or uses `\u` escapes,
 * which could spell one), so ordinary payloads pay for a few `indexOf` scans, not for a reviver.
 *
 * @example
 * safeJsonParse('{"a":1}'); // { a: 1 }
 * safeJsonParse('{"__proto__":{"admin":true}}'); // throws ForbiddenKeyError
 */
export function safeJsonParse(text: string): unknown {
  if (text.indexOf('__proto__') === -1 && text.indexOf('constructor') === -1 && text.indexOf('\\u') === -1) {
    return JSON.parse(text);
  }
  return JSON.parse(text, rejectPrototypeKeys);
}

/** A JSON text with a key that could pollute prototypes. */
export class ForbiddenKeyError extends Error {
  override readonly name = 'ForbiddenKeyError';
}

function rejectPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new ForbiddenKeyError('JSON holds the forbidden key "__proto__"');
  if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
    throw new ForbiddenKeyError('JSON holds the forbidden key "constructor.prototype"');
  }
  return value;
}
