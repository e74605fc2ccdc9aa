/**
 * Event filters derived from routes are exact: under Lambda's filter rules, they admit every record
 * some route would handle, and drop only records the handler would skip (or, where the deployment
 * says so with `dropUndecodable`, records it cannot decode). Random handlers (payload types at two
 * discriminator paths, some narrowed to a partition key) meet random records (JSON with routed,
 * unrouted and non-string types, nested and array values, other JSON, text, bytes, JSON shardline
 * refuses), and every record's fate under the filters is compared with `handler.processBatch`.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { createHandler, jsonCodec, OnInvalid, OnRecord, StreamHandler, type KinesisStreamRecord, type ShardlineHandler } from 'shardline';
import { deriveEventFilters, type RouteFilterOptions } from 'shardline/deployment';
import { kinesisEvent, kinesisRecord } from 'shardline/testing';
import { silentLogger } from '../support/capture-logger';
import { lambdaAdmits, lambdaDataOf } from '../support/lambda-event-filter';

const TYPES = ['a', 'b', 'order.created'] as const;
const PATHS = ['type', 'meta.kind'] as const;
const KEYS = ['k1', 'k2', 'vip-1', 'x'] as const;

interface RouteSpec {
  type: string;
  path: (typeof PATHS)[number];
  key: 'none' | 'exact' | 'prefix';
}

interface HandlerSpec {
  routes: RouteSpec[];
  /** strict: the handler skips what it cannot decode; lenient: it fails or quarantines it, and the deployment accepts losing it. */
  mode: 'strict' | 'fail' | 'quarantine';
}

const routeArb: fc.Arbitrary<RouteSpec> = fc.record({
  type: fc.constantFrom(...TYPES),
  path: fc.constantFrom(...PATHS),
  key: fc.constantFrom('none', 'exact', 'prefix'),
});
const handlerArb: fc.Arbitrary<HandlerSpec> = fc.record({
  routes: fc.uniqueArray(routeArb, { minLength: 1, maxLength: 5, selector: (route) => `${route.type}|${route.path}|${route.key}` }),
  mode: fc.constantFrom('strict', 'fail', 'quarantine'),
});

function buildHandler(spec: HandlerSpec): ShardlineHandler {
  class Generated {}
  spec.routes.forEach((route, i) => {
    const name = `route${i}`;
    Object.defineProperty(Generated.prototype, name, { value() {}, writable: true, configurable: true });
    const partitionKey = route.key === 'exact' ? 'k1' : route.key === 'prefix' ? /^vip-/ : undefined;
    OnRecord({ type: route.type, discriminator: route.path, ...(partitionKey !== undefined && { partitionKey }) })(
      Generated.prototype,
      name,
      Object.getOwnPropertyDescriptor(Generated.prototype, name) as PropertyDescriptor,
    );
  });
  if (spec.mode === 'quarantine') {
    Object.defineProperty(Generated.prototype, 'quarantine', { value() {}, writable: true, configurable: true });
    OnInvalid()(Generated.prototype, 'quarantine', Object.getOwnPropertyDescriptor(Generated.prototype, 'quarantine') as PropertyDescriptor);
  }
  StreamHandler()(Generated);
  return createHandler([Generated], { logger: silentLogger, onFailure: 'continue', invalid: spec.mode === 'strict' ? 'skip' : 'fail' });
}

const typeValueArb = fc.oneof(
  fc.constantFrom<unknown>(...TYPES, 'zzz', '', 'A'),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.constantFrom(...TYPES), { maxLength: 2 }),
  fc.constant({}),
);
const payloadArb = fc.record(
  {
    type: typeValueArb,
    meta: fc.oneof(fc.record({ kind: typeValueArb }, { requiredKeys: [] }), fc.array(fc.record({ kind: typeValueArb }), { maxLength: 2 }), typeValueArb),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const dataArb: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 6, arbitrary: payloadArb.map((payload) => JSON.stringify(payload)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom('Hello, this is a test.', '{"type": "a"', '') },
  // JSON that Lambda reads but shardline refuses.
  { weight: 1, arbitrary: payloadArb.map((payload) => JSON.stringify(payload).replace('{', '{"__proto__":{"admin":true},')) },
);
const recordsArb = fc.array(fc.record({ data: dataArb, partitionKey: fc.constantFrom(...KEYS) }), { minLength: 1, maxLength: 12 });

/** Lambda cannot read the data as JSON, or shardline's JSON codec refuses it. */
function undecodable(record: KinesisStreamRecord): boolean {
  if (!lambdaDataOf(record).json) return true;
  try {
    jsonCodec.decode(Buffer.from(record.kinesis.data, 'base64'), undefined as never);
    return false;
  } catch {
    return true;
  }
}

describe('the Lambda filter evaluator used below', () => {
  const docsRecord = (data: unknown) => kinesisRecord({ data });

  it('admits the documentation example: data.order.type equal to "buy"', () => {
    const filters = [JSON.stringify({ data: { order: { type: ['buy'] } } })];

    expect(lambdaAdmits(filters, docsRecord({ record: 12345, order: { type: 'buy', stock: 'ANYCO', quantity: 1000 } }))).toBe(true);
    expect(lambdaAdmits(filters, docsRecord({ record: 12345, order: { type: 'sell' } }))).toBe(false);
  });

  it('drops a record whose data is not JSON from a filter on data', () => {
    expect(lambdaAdmits([JSON.stringify({ data: { type: ['a'] } })], docsRecord('Hello, this is a test.'))).toBe(false);
  });

  it('admits a record that one of several filters matches', () => {
    const filters = [JSON.stringify({ data: { type: ['a'] } }), JSON.stringify({ data: { kind: ['b'] } })];

    expect(lambdaAdmits(filters, docsRecord({ kind: 'b' }))).toBe(true);
    expect(lambdaAdmits(filters, docsRecord({ kind: 'a' }))).toBe(false);
  });

  it('matches a field holding an array when any element matches, and a prefix rule', () => {
    expect(lambdaAdmits([JSON.stringify({ data: { type: ['a'] } })], docsRecord({ type: ['x', 'a'] }))).toBe(true);
    expect(lambdaAdmits([JSON.stringify({ data: { type: [{ prefix: 'ord' }] } })], docsRecord({ type: 'order.created' }))).toBe(true);
  });
});

describe('event filters derived from routes', () => {
  it('admit every record a route handles and drop only records the handler skips', async () => {
    await fc.assert(
      fc.asyncProperty(handlerArb, recordsArb, async (spec, specs) => {
        // Arrange
        const handler = buildHandler(spec);
        const statement: RouteFilterOptions = { aggregated: false, compressed: false, dropUndecodable: spec.mode !== 'strict' };
        const derived = deriveEventFilters({ routes: handler.routes, options: handler.options }, statement);
        if (!derived.ok) throw new Error(`filters refused: ${derived.reasons.join('; ')}`);
        const filters = derived.patterns.map((pattern) => JSON.stringify(pattern));
        const event = kinesisEvent(specs);

        // Act
        const { records } = await handler.processBatch(event);

        // Assert
        event.Records.forEach((record, i) => {
          const handled = records[i].status !== 'skipped';
          const mayDrop = spec.mode !== 'strict' && undecodable(record);
          if (handled && !mayDrop && !lambdaAdmits(filters, record)) {
            throw new Error(
              `record ${record.kinesis.data} (${Buffer.from(record.kinesis.data, 'base64').toString()}) is ${records[i].status} by ${records[i].route ?? 'policy'} but dropped by ${filters.join(' OR ')}`,
            );
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
