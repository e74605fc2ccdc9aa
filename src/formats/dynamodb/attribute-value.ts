/**
 * DynamoDB JSON, as Kinesis Data Streams for DynamoDB writes item images: every value wrapped in an
 * object whose one key names its type (`{ "S": "text" }`, `{ "N": "42" }`), binary values as base64.
 * This module checks that shape and turns images into plain objects with the AWS SDK's `unmarshall`.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * One attribute value in DynamoDB JSON. Numbers are strings (DynamoDB keeps 38 digits); binary
 * values are base64 strings.
 *
 * @example
 * const price: DynamoDBJsonValue = { N: '19.99' };
 * const tags: DynamoDBJsonValue = { SS: ['new', 'sale'] };
 */
export type DynamoDBJsonValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: DynamoDBImage }
  | { L: DynamoDBJsonValue[] }
  | { NULL: true }
  | { BOOL: boolean };

/**
 * An item image (or its keys) in DynamoDB JSON: attribute names to attribute values.
 *
 * @example
 * const keys: DynamoDBImage = { pk: { S: 'order#42' }, sk: { N: '1' } };
 */
export type DynamoDBImage = Record<string, DynamoDBJsonValue>;

/** DynamoDB allows 32 levels of nested attributes; anything deeper did not come from DynamoDB. */
const MAX_DEPTH = 32;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TYPES = 'S, N, B, SS, NS, BS, M, L, NULL or BOOL';
/**
 * Problems name the path to the bad value, never the value (it is payload), and attribute names
 * in the path are cut to this length: DynamoDB allows names of 64 KB.
 */
const MAX_NAME_SHOWN = 64;

/**
 * What is wrong with `image` as DynamoDB JSON, with the path to the first bad value, or
 * `undefined` when it is well formed.
 *
 * @example
 * checkDynamoDBImage({ id: { S: 'a' } });          // undefined
 * checkDynamoDBImage({ id: { N: 'twelve' } });     // 'id: N must be a number in a string, ...'
 */
export function checkDynamoDBImage(image: unknown): string | undefined {
  return checkMap(image, '', 1);
}

function checkMap(map: unknown, path: string, depth: number): string | undefined {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return `${path || 'the image'} must be an object of attribute values`;
  if (depth > MAX_DEPTH) return `${path} is nested deeper than the ${MAX_DEPTH} levels DynamoDB allows`;
  for (const name of Object.keys(map)) {
    if (name === '__proto__') return `${path === '' ? '' : `${path}: `}the attribute name __proto__ cannot be a property of a plain object`;
    const shown = name.length > MAX_NAME_SHOWN ? `${name.slice(0, MAX_NAME_SHOWN)}…` : name;
    const problem = checkValue((map as Record<string, unknown>)[name], path === '' ? shown : `${path}.${shown}`, depth);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkValue(value: unknown, path: string, depth: number): string | undefined {
  const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
  if (keys.length !== 1) return `${path} must be an object with exactly one of ${TYPES}`;
  const type = keys[0];
  const content = (value as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return typeof content === 'string' ? undefined : `${path}: S must be a string`;
    case 'N':
      if (!isNumber(content)) return `${path}: N must be a number in a string, such as "42" or "-1.5E3"`;
      return isConvertible(content) ? undefined : `${path}: N is a number ${UNCONVERTIBLE}`;
    case 'B':
      return isBase64(content) ? undefined : `${path}: B must be a base64 string`;
    case 'SS':
      return Array.isArray(content) && content.every((item) => typeof item === 'string') ? undefined : `${path}: SS must be an array of strings`;
    case 'NS':
      if (!Array.isArray(content) || !content.every(isNumber)) return `${path}: NS must be an array of numbers in strings`;
      return content.every(isConvertible) ? undefined : `${path}: NS holds a number ${UNCONVERTIBLE}`;
    case 'BS':
      return Array.isArray(content) && content.every(isBase64) ? undefined : `${path}: BS must be an array of base64 strings`;
    case 'M':
      return checkMap(content, `${path}.M`, depth + 1);
    case 'L':
      if (!Array.isArray(content)) return `${path}: L must be an array of attribute values`;
      if (depth + 1 > MAX_DEPTH) return `${path} is nested deeper than the ${MAX_DEPTH} levels DynamoDB allows`;
      for (let i = 0; i < content.length; i++) {
        const problem = checkValue(content[i], `${path}.L[${i}]`, depth + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'NULL':
      return content === true ? undefined : `${path}: NULL must be true`;
    case 'BOOL':
      return typeof content === 'boolean' ? undefined : `${path}: BOOL must be true or false`;
    default:
      return `${path} has the unknown type ${JSON.stringify(type.slice(0, 8))}${type.length > 8 ? '…' : ''}; expected one of ${TYPES}`;
  }
}

function isNumber(value: unknown): value is string {
  return typeof value === 'string' && NUMBER.test(value);
}

const UNCONVERTIBLE = 'that unmarshall cannot convert: beyond 2^53, and not an integer (a BigInt takes integers only)';

/**
 * Whether `unmarshall` converts the number: it makes a `number` of anything within 2^53 (or
 * infinite), else a `BigInt`, which it cannot make from a fraction or an exponent. Checked here
 * so that the problem is said without quoting the number, as unmarshall's own error does.
 */
function isConvertible(value: string): boolean {
  const number = Number(value);
  if ((number <= Number.MAX_SAFE_INTEGER && number >= Number.MIN_SAFE_INTEGER) || !Number.isFinite(number)) return true;
  try {
    BigInt(value);
    return true;
  } catch {
    return false;
  }
}

function isBase64(value: unknown): boolean {
  return typeof value === 'string' && BASE64.test(value);
}

/** Unmarshalled images by image object: each is converted once, however often it is read. */
const items = new WeakMap<object, Record<string, unknown>>();

/**
 * An image as a plain object, converted by the AWS SDK's `unmarshall`: numbers become `number`
 * (or `bigint` for integers beyond 2^53), sets become `Set`s, `NULL` becomes `null`, and binary
 * values become `Buffer`s (DynamoDB JSON holds them as base64, which `unmarshall` alone would
 * leave as strings). The result is cached per image object, so reading it twice gives the same
 * object.
 *
 * @throws Error for an attribute named `__proto__`, and from `unmarshall` for a malformed image
 *   or a fractional number too large to convert; `DynamoDBChangeRecord` validates its images with
 *   it, so its getters never throw.
 * @example
 * unmarshallImage({ id: { S: 'a' }, n: { N: '2' }, tags: { SS: ['x'] } });
 * // { id: 'a', n: 2, tags: Set { 'x' } }
 */
export function unmarshallImage(image: DynamoDBImage): Record<string, unknown> {
  let item = items.get(image);
  if (item === undefined) {
    item = unmarshall(withBinary(image) as Parameters<typeof unmarshall>[0]);
    items.set(image, item);
  }
  return item;
}

/** A copy of the image with base64 `B` and `BS` values as bytes, which is what `unmarshall` expects. */
function withBinary(map: DynamoDBImage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(map)) {
    // unmarshall assigns attributes with `item[name] =`, which for __proto__ would replace the item's prototype.
    if (name === '__proto__') throw new Error('the attribute name __proto__ cannot be a property of a plain object');
    out[name] = valueWithBinary(map[name]);
  }
  return out;
}

function valueWithBinary(value: DynamoDBJsonValue): unknown {
  if ('B' in value) return { B: Buffer.from(value.B, 'base64') };
  if ('BS' in value) return { BS: value.BS.map((item) => Buffer.from(item, 'base64')) };
  if ('M' in value) return { M: withBinary(value.M) };
  if ('L' in value) return { L: value.L.map(valueWithBinary) };
  return value;
}
