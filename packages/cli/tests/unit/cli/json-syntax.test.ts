import fc from 'fast-check';
import { findJsonSyntaxError } from '../../../src/cli/json-syntax';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['an object', '{"a": [1, -2.5e3, true, false, null, {"b": "\\u00e9\\n"}]}'],
    ['a scalar with whitespace around it', ' \t\r\n"text" \n'],
    ['empty containers', '{"a": {}, "b": []}'],
  ])('finds nothing wrong with %s', (_case, text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['a bare word', 'not json', { offset: 0, line: 1, column: 1, expected: 'a value (an object, array, string, number, true, false or null)' }],
    ['a missing comma', '{"partitionKey":"c-1" "data":3}', { offset: 22, line: 1, column: 23, expected: "',' or '}' after a property value" }],
    ['a missing colon, on the second line', '{"a": 1,\n "b" 2}', { offset: 14, line: 2, column: 6, expected: "':' after a property name" }],
    ['a trailing comma in an array', '[1,]', { offset: 3, line: 1, column: 4, expected: 'a value (an object, array, string, number, true, false or null)' }],
    ['a trailing comma in an object', '{"a":1,}', { offset: 7, line: 1, column: 8, expected: 'a property name in double quotes' }],
    ['a single-quoted name', "{'a':1}", { offset: 1, line: 1, column: 2, expected: 'a property name in double quotes' }],
    ['an unclosed object', '{"a":1', { offset: 6, line: 1, column: 7, expected: "',' or '}' after a property value" }],
    ['an unterminated string', '["ab', { offset: 1, line: 1, column: 2, expected: "a closing '\"' for the string that starts here" }],
    [
      'a raw control character in a string',
      '"a\u0001"',
      { offset: 2, line: 1, column: 3, expected: 'an escaped control character (\\n, \\t, \\u0000) inside a string' },
    ],
    ['a bad escape', '"\\x41"', { offset: 1, line: 1, column: 2, expected: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' }],
    ['a short unicode escape', '"\\u12"', { offset: 1, line: 1, column: 2, expected: 'four hexadecimal digits after \\u' }],
    ['a lone minus', '-', { offset: 0, line: 1, column: 1, expected: 'a number' }],
    ['a second value', '{} {}', { offset: 3, line: 1, column: 4, expected: 'the end of the input after the JSON value' }],
    ['nothing at all', '  ', { offset: 2, line: 1, column: 3, expected: 'a value, not the end of the input' }],
    ['a byte order mark', '\ufeff{}', { offset: 0, line: 1, column: 1, expected: 'a value (an object, array, string, number, true, false or null)' }],
  ])('locates %s', (_case, text, problem) => {
    expect(findJsonSyntaxError(text)).toEqual(problem);
  });

  it('survives nesting deeper than any call stack', () => {
    expect(findJsonSyntaxError('['.repeat(200_000))).toMatchObject({ offset: 200_000, expected: 'a value, not the end of the input' });
  });

  it('agrees with JSON.parse on whether a text is JSON', () => {
    const nearlyJson = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\u0001', ' ', '0', '-', 'e', 'n'), fc.nat({ max: 2 }))
      .map(([json, at, insert, cut]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + insert + json.slice(i + cut);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), nearlyJson, fc.string()), (text) => {
        expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
