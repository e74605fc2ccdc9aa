/**
 * Lambda's event filtering for Kinesis records, written from the AWS Lambda Developer Guide
 * ("Control which events Lambda sends to your function", "Using event filtering with a Kinesis
 * event source"), to check what shardline derives against the rules Lambda applies:
 * - a record is delivered when it matches at least one filter (filters are ORed);
 * - a pattern's fields must all match (AND); the rules listed for one field are ORed;
 * - Kinesis filters on `data` only, the record's data decoded from base64 and read as JSON; a record
 *   whose data is not JSON is dropped by a pattern that names `data`;
 * - a rule is a value (equals) or `{ prefix }`; where the record holds an array, the field matches
 *   when any element does (the event-pattern rule Lambda's filters share with EventBridge).
 * Other rule operators throw, so a test never passes because of one this does not know.
 */
import type { KinesisStreamRecord } from 'shardline';

/**
 * What Lambda sees as a record's `data`: the decoded JSON, or `undefined` when the bytes are not
 * valid UTF-8 JSON.
 */
export function lambdaDataOf(record: KinesisStreamRecord): { json: true; value: unknown } | { json: false } {
  const bytes = Buffer.from(record.kinesis.data, 'base64');
  try {
    return { json: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { json: false };
  }
}

/** Whether Lambda delivers `record` to the function under `filters` (each a JSON pattern string). */
export function lambdaAdmits(filters: readonly string[], record: KinesisStreamRecord): boolean {
  if (filters.length === 0) return true;
  const data = lambdaDataOf(record);
  return filters.some((filter) => {
    const pattern = JSON.parse(filter) as Record<string, unknown>;
    for (const key of Object.keys(pattern)) {
      if (key !== 'data') throw new Error(`Kinesis event source mappings filter on data only, not on ${key}`);
    }
    if (!data.json) return false;
    return matches(pattern.data, data.value);
  });
}

function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value];
    return value !== undefined && values.some((v) => pattern.some((rule) => matchesRule(rule, v)));
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error(`a pattern field holds an object or an array of rules, not ${JSON.stringify(pattern)}`);
  if (Array.isArray(value)) return value.some((element) => matches(pattern, element));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, sub]) => Object.hasOwn(value, key) && matches(sub, (value as Record<string, unknown>)[key]));
}

function matchesRule(rule: unknown, value: unknown): boolean {
  if (typeof rule === 'object' && rule !== null) {
    const keys = Object.keys(rule);
    if (keys.length === 1 && keys[0] === 'prefix') return typeof value === 'string' && value.startsWith((rule as { prefix: string }).prefix);
    throw new Error(`the evaluator knows equals and prefix rules, not ${JSON.stringify(rule)}`);
  }
  return rule === value;
}
