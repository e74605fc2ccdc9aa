/**
 * Where and why a text is not valid JSON, without a word of the text itself.
 *
 * Why not `JSON.parse`'s message: V8 quotes the input (`Unexpected token 'o', "not json" is not
 * valid JSON`), and input files hold payloads, which must not reach a terminal or a CI log; nor does
 * every V8 message give a position. So, once `JSON.parse` has failed, this scanner finds the first
 * offending character by the JSON grammar (RFC 8259) and describes it from the grammar alone.
 */

/**
 * The first syntax error of a text: 0-based `offset`, 1-based `line` and `column`, and what the
 * grammar expected there.
 *
 * @example
 * const problem: JsonSyntaxProblem = { offset: 7, line: 1, column: 8, expected: "',' or '}' after a property value" };
 */
export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * Finds the first JSON syntax error of `text`, or returns `undefined` when it is valid JSON.
 * Iterative, so no nesting depth overflows it. Call it after `JSON.parse` failed, to say where.
 *
 * @example
 * findJsonSyntaxError('{"a": 1,\n "b" 2}');
 * // { offset: 14, line: 2, column: 6, expected: "':' after a property name" }
 * findJsonSyntaxError('[1, 2]'); // undefined
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const failure = scan(text);
  if (failure === undefined) return undefined;
  const before = text.slice(0, failure.offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (text.charCodeAt(i) === 10) line++;
  return { offset: failure.offset, line, column: failure.offset - lineStart + 1, expected: failure.expected };
}

type Mode = 'value' | 'after-value' | 'property-name';

function scan(text: string): { offset: number; expected: string } | undefined {
  const containers: Array<'object' | 'array'> = [];
  let i = skipWhitespace(text, 0);
  let mode: Mode = 'value';
  for (;;) {
    if (mode === 'value') {
      const c = text[i];
      if (c === undefined) return { offset: i, expected: 'a value, not the end of the input' };
      if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        i = skipWhitespace(text, i + 1);
        if (text[i] === close) {
          i = skipWhitespace(text, i + 1);
          mode = 'after-value';
        } else {
          containers.push(c === '{' ? 'object' : 'array');
          mode = c === '{' ? 'property-name' : 'value';
        }
        continue;
      }
      const end = c === '"' ? scanString(text, i) : c === '-' || (c >= '0' && c <= '9') ? scanNumber(text, i) : scanLiteral(text, i);
      if (typeof end !== 'number') return end;
      i = skipWhitespace(text, end);
      mode = 'after-value';
      continue;
    }
    if (mode === 'property-name') {
      if (text[i] !== '"') return { offset: i, expected: i >= text.length ? 'a property name, not the end of the input' : 'a property name in double quotes' };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = skipWhitespace(text, end);
      if (text[i] !== ':') return { offset: i, expected: "':' after a property name" };
      i = skipWhitespace(text, i + 1);
      mode = 'value';
      continue;
    }
    const container = containers[containers.length - 1];
    if (container === undefined) return i < text.length ? { offset: i, expected: 'the end of the input after the JSON value' } : undefined;
    const close = container === 'object' ? '}' : ']';
    if (text[i] === ',') {
      i = skipWhitespace(text, i + 1);
      mode = container === 'object' ? 'property-name' : 'value';
    } else if (text[i] === close) {
      containers.pop();
      i = skipWhitespace(text, i + 1);
    } else {
      return { offset: i, expected: container === 'object' ? "',' or '}' after a property value" : "',' or ']' after an array element" };
    }
  }
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The offset after the closing quote, or the problem. */
function scanString(text: string, start: number): number | { offset: number; expected: string } {
  let i = start + 1;
  for (;;) {
    // Where the string starts says more than the end of the input does.
    if (i >= text.length) return { offset: start, expected: "a closing '\"' for the string that starts here" };
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, expected: 'an escaped control character (\\n, \\t, \\u0000) inside a string' };
    if (c === 0x5c) {
      const escape = text[i + 1];
      if (escape === 'u') {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) return { offset: i, expected: 'four hexadecimal digits after \\u' };
        i += 6;
        continue;
      }
      if (escape === undefined || !'"\\/bfnrt'.includes(escape)) return { offset: i, expected: 'a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)' };
      i += 2;
      continue;
    }
    i++;
  }
}

function scanNumber(text: string, start: number): number | { offset: number; expected: string } {
  NUMBER.lastIndex = start;
  if (!NUMBER.test(text)) return { offset: start, expected: 'a number' };
  return NUMBER.lastIndex;
}

function scanLiteral(text: string, start: number): number | { offset: number; expected: string } {
  for (const literal of LITERALS) if (text.startsWith(literal, start)) return start + literal.length;
  return { offset: start, expected: 'a value (an object, array, string, number, true, false or null)' };
}
