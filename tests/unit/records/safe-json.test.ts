import { ForbiddenKeyError, safeJsonParse } from '../../../src/records/codecs/safe-json';

describe('safeJsonParse', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    expect(safeJsonParse('{"a":[1,{"b":null}],"c":"d"}')).toEqual({ a: [1, { b: null }], c: 'd' });
  });

  it.each([
    ['a top-level __proto__', '{"__proto__":{"x":1}}'],
    ['a nested __proto__', '{"a":{"b":{"__proto__":{"x":1}}}}'],
    ['an escaped __proto__', '{"\\u005f\\u005fproto\\u005f\\u005f":{"x":1}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"x":1}}}'],
    ['__proto__ with one letter escaped', '{"__pr\\u006fto__":{"x":1}}'],
    ['__proto__ escaped in upper-case hex', '{"\\u005F\\u005Fproto\\u005F\\u005F":{"x":1}}'],
    ['__proto__ fully escaped, in an array', '[1,{"\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f":{}}]'],
    ['constructor.prototype with "prototype" escaped', '{"constructor":{"\\u0070rototype":{"x":1}}}'],
    ['constructor.prototype with both keys escaped', '{"a":[{"\\u0063onstructor":{"prototyp\\u0065":{}}}]}'],
    ['a __proto__ after a 900-character string', `{"type":"t","note":"${'x'.repeat(900)}","__proto__":{"x":1}}`],
    ['a prototype key after a long string', `{"note":"${'y'.repeat(900)}","constructor":{"prototype":{}}}`],
  ])('refuses %s', (_name, text) => {
    expect(() => safeJsonParse(text)).toThrow(ForbiddenKeyError);
  });

  it('accepts escapes and keys that only look alike', () => {
    expect(safeJsonParse('{"proto":"\\u00e9","constructor":{"name":"x"},"text":"__proto__"}')).toEqual({
      proto: 'é',
      constructor: { name: 'x' },
      text: '__proto__',
    });
  });

  it('parses JSON nested 100,000 levels deep when the text has escapes, which sends it through the key check', () => {
    const text = `{"note":"\\u0041","a":${'['.repeat(100_000)}1${']'.repeat(100_000)}}`;

    const value = safeJsonParse(text) as { note: string; a: unknown };

    expect(value.note).toBe('A');
    let depth = 0;
    for (let item = value.a; Array.isArray(item); item = item[0]) depth++;
    expect(depth).toBe(100_000);
  });

  it('finds a __proto__ key under 100,000 levels of nesting', () => {
    const text = `${'['.repeat(100_000)}{"__proto__":{"x":1}}${']'.repeat(100_000)}`;

    expect(() => safeJsonParse(text)).toThrow(ForbiddenKeyError);
  });

  it('throws a SyntaxError for invalid JSON', () => {
    expect(() => safeJsonParse('{')).toThrow(SyntaxError);
  });
});
