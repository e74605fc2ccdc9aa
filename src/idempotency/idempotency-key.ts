/**
 * What makes two records the same operation, for the idempotency interceptor: a field of the
 * payload, what a function returns, or (by default) the record's own place in the stream. Pure:
 * the interceptor hands what these return to Powertools, which hashes it.
 */
import type { RecordContext } from '../context.js';
import { DefinitionError } from '../errors.js';
import type { RouteDescription } from '../routing/route.js';

/** A field path (`'orderId'`, `'detail.order.id'`, `'lines[0].sku'`, `'"detail-type"'`) or a function of the payload and its context. */
export type IdempotencyKey = string | ((payload: unknown, context: RecordContext) => unknown);

/** Reads a record's key. */
export type KeyReader = (payload: unknown, context: RecordContext) => unknown;

type Step = string | number;

const STEP = /^(?:([A-Za-z_][A-Za-z0-9_]*)|"([^"\\]+)")((?:\[\d+\])*)/;

/**
 * Parses a field path: identifiers and quoted identifiers joined by dots, each optionally followed
 * by array indexes. It is the part of JMESPath that names one field (the same text Powertools'
 * `eventKeyJmesPath` takes for it); anything more is a function's job.
 *
 * @throws DefinitionError naming the path and what is wrong with it.
 * @example
 * parseKeyPath('detail.lines[0].sku'); // ['detail', 'lines', 0, 'sku']
 */
export function parseKeyPath(path: string): Step[] {
  const steps: Step[] = [];
  let rest = path;
  for (;;) {
    const match = STEP.exec(rest);
    if (match === null) {
      throw new DefinitionError(
        `idempotent: key ${JSON.stringify(path)} is not a field path such as 'orderId', 'detail.order.id' or 'lines[0].sku'; for anything else give a function (payload, context) => key`,
      );
    }
    steps.push(match[1] ?? match[2]);
    for (const index of match[3].matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
    rest = rest.slice(match[0].length);
    if (rest === '') return steps;
    if (!rest.startsWith('.')) {
      throw new DefinitionError(
        `idempotent: key ${JSON.stringify(path)} has ${JSON.stringify(rest)} where a '.' or the end was expected; for anything but a field path give a function`,
      );
    }
    rest = rest.slice(1);
  }
}

/**
 * The reader of a record's key. A path reads own properties only (never a prototype's); the
 * default is where the record is in the stream, which a redelivery repeats exactly: the stream,
 * the shard, the sequence number and, for a KPL sub-record, its position in the aggregate.
 *
 * @example
 * compileKey('order.id')({ order: { id: 'o-1' } }, context); // 'o-1'
 * compileKey(undefined)(payload, context); // { stream: 'arn:...', shardId: 'shardId-...', sequenceNumber: '4959...' }
 */
export function compileKey(key: IdempotencyKey | undefined): KeyReader {
  if (key === undefined) return recordPosition;
  if (typeof key === 'function') return key;
  if (typeof key !== 'string') throw new DefinitionError(`idempotent: key must be a field path or a function, but is ${key === null ? 'null' : typeof key}`);
  const steps = parseKeyPath(key);
  return (payload) => {
    let value = payload;
    for (const step of steps) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, step)) return undefined;
      value = (value as Record<Step, unknown>)[step];
    }
    return value;
  };
}

function recordPosition(_payload: unknown, { record }: RecordContext): unknown {
  return record.subSequenceNumber === undefined
    ? { stream: record.eventSourceARN, shardId: record.shardId, sequenceNumber: record.sequenceNumber }
    : { stream: record.eventSourceARN, shardId: record.shardId, sequenceNumber: record.sequenceNumber, subSequenceNumber: record.subSequenceNumber };
}

/**
 * Whether a key is missing: nothing, an empty string, or an array or object with nothing in it.
 * Hashing a missing key would make every record without one the same record, and skip all but
 * the first.
 *
 * @example
 * isMissingKey(undefined); // true
 * isMissingKey(0); // false: zero is a key
 */
export function isMissingKey(key: unknown): boolean {
  if (key === undefined || key === null || key === '' || (typeof key === 'number' && Number.isNaN(key))) return true;
  if (typeof key !== 'object') return false;
  const values = Array.isArray(key) ? key : Object.values(key);
  return values.every((value) => value === undefined || value === null);
}

/**
 * The default scope: the route's payload type (or kind) and its method, never its class name,
 * which a minifier renames between deployments.
 *
 * @example
 * defaultScope({ kind: 'record', handler: 'Orders', method: 'created', type: 'order.created', codec: 'json' }); // 'order.created#created'
 */
export function defaultScope(route: RouteDescription): string {
  return `${route.type ?? route.partitionKey ?? route.kind}#${route.method}`;
}
