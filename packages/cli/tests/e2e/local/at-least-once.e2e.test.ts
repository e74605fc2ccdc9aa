import {
  startEventSourceMapping,
  type EventSourceMappingOptions,
  type KinesisLambdaHandler,
  type KinesisStreamBatchResponse,
  type RunSummary,
} from '../../../src';
import { decodeId, freshStream, putNumbered, sleep, startHarness, stopHarness, type Harness, type PutRecordInfo } from './kinesis-harness';

/**
 * At-least-once, end to end: thousands of records through kinesis-local, a handler that fails at
 * random in every way Lambda distinguishes, and the invariants that must hold whatever happens.
 */

type FailureMode = 'partial-stop' | 'partial-per-key' | 'throw' | 'invalid-response' | 'timeout';

interface Scenario {
  name: string;
  mode: FailureMode;
  mapping: Partial<EventSourceMappingOptions>;
}

const RECORDS = 3_000;
const KEYS = 60;
const FAILURE_RATE = 0.004;

const scenarios: Scenario[] = [
  { name: 'partial batch responses that stop at the first failure', mode: 'partial-stop', mapping: {} },
  { name: 'partial batch responses that skip the rest of a failed key only', mode: 'partial-per-key', mapping: {} },
  { name: 'thrown errors', mode: 'throw', mapping: {} },
  { name: 'thrown errors with bisection', mode: 'throw', mapping: { bisectBatchOnFunctionError: true } },
  { name: 'invalid responses', mode: 'invalid-response', mapping: {} },
  { name: 'timeouts', mode: 'timeout', mapping: { timeoutSeconds: 0.15, batchSize: 50 } },
  { name: 'thrown errors without ReportBatchItemFailures', mode: 'throw', mapping: { reportBatchItemFailures: false } },
  { name: 'partial responses with a batching window and large batches', mode: 'partial-stop', mapping: { batchSize: 500, batchingWindowSeconds: 0.05 } },
];

interface Observed {
  /** Every successful processing, in the order it happened. */
  successes: Array<{ id: number; partitionKey: string; sequenceNumber: string }>;
  maxInFlightPerShard: number;
  outOfOrderBatches: number;
}

/** A handler that processes records in batch order and fails each delivery of a record with probability `rate`. */
function flakyHandler(mode: FailureMode, rate: number, seed: number, observed: Observed): KinesisLambdaHandler {
  const random = mulberry32(seed);
  const inFlight = new Map<string, number>();
  return async (event, context) => {
    const shardId = event.Records[0].eventID.split(':')[0];
    inFlight.set(shardId, (inFlight.get(shardId) ?? 0) + 1);
    observed.maxInFlightPerShard = Math.max(observed.maxInFlightPerShard, inFlight.get(shardId)!);
    const done = () => inFlight.set(shardId, inFlight.get(shardId)! - 1);
    const sequence = event.Records.map((r) => BigInt(r.kinesis.sequenceNumber));
    if (sequence.some((value, i) => i > 0 && value <= sequence[i - 1])) observed.outOfOrderBatches++;

    const failures: KinesisStreamBatchResponse['batchItemFailures'] = [];
    const failedKeys = new Set<string>();
    await Promise.resolve();
    for (const record of event.Records) {
      const { partitionKey, sequenceNumber } = record.kinesis;
      if (failures.length > 0 && mode !== 'partial-per-key') {
        failures.push({ itemIdentifier: sequenceNumber });
        continue;
      }
      if (failedKeys.has(partitionKey)) {
        failures.push({ itemIdentifier: sequenceNumber });
        continue;
      }
      if (random() < rate) {
        failures.push({ itemIdentifier: sequenceNumber });
        failedKeys.add(partitionKey);
        continue;
      }
      observed.successes.push({ id: decodeId(record.kinesis.data), partitionKey, sequenceNumber });
    }
    if (failures.length === 0) {
      done();
      return mode === 'invalid-response' || mode === 'timeout' ? undefined : { batchItemFailures: [] };
    }
    switch (mode) {
      case 'partial-stop':
      case 'partial-per-key':
        done();
        return { batchItemFailures: failures };
      case 'throw':
        done();
        throw new Error(`${failures.length} record(s) failed`);
      case 'invalid-response':
        done();
        return { batchItemFailures: [{ itemIdentifier: '' }] };
      case 'timeout':
        // Lambda would kill the sandbox at the deadline: nothing after it may count.
        done();
        await sleep(context.getRemainingTimeInMillis() + 20);
        return { batchItemFailures: [] };
    }
  };
}

describe('the event source mapping delivers at least once', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  it.each(scenarios.map((scenario, index) => [scenario.name, scenario, index] as const))(
    'processes every record at least once, in per-key order, with %s',
    async (_name, scenario, index) => {
      // Prepare
      const streamName = await freshStream(harness, 4);
      const put = await putNumbered(harness, streamName, RECORDS, KEYS);
      const observed: Observed = { successes: [], maxInFlightPerShard: 0, outOfOrderBatches: 0 };
      const mapping = startEventSourceMapping({
        client: harness.client,
        streamName,
        handler: flakyHandler(scenario.mode, FAILURE_RATE, 1_000 + index, observed),
        pollIntervalMs: 20,
        progressIntervalMs: 0,
        untilDrained: true,
        ...scenario.mapping,
      });

      // Act
      const summary = await mapping.done;

      // Assert
      const firstSuccess = firstSuccessOrder(observed);
      expect(missing(put, firstSuccess)).toEqual([]);
      expect(keyOrderViolations(put, firstSuccess)).toEqual([]);
      expect(observed.maxInFlightPerShard).toBe(1);
      expect(observed.outOfOrderBatches).toBe(0);
      expectConsistentSummary(summary, observed);
    },
    60_000,
  );
});

function firstSuccessOrder(observed: Observed): Map<number, number> {
  const order = new Map<number, number>();
  observed.successes.forEach((success, position) => {
    if (!order.has(success.id)) order.set(success.id, position);
  });
  return order;
}

function missing(put: PutRecordInfo[], firstSuccess: Map<number, number>): number[] {
  return put.filter((record) => !firstSuccess.has(record.id)).map((record) => record.id);
}

/** Records of one key must first succeed in sequence-number order. */
function keyOrderViolations(put: PutRecordInfo[], firstSuccess: Map<number, number>): string[] {
  const byKey = new Map<string, PutRecordInfo[]>();
  for (const record of put) byKey.set(record.partitionKey, [...(byKey.get(record.partitionKey) ?? []), record]);
  const violations: string[] = [];
  for (const [key, records] of byKey) {
    records.sort((a, b) => (BigInt(a.sequenceNumber) < BigInt(b.sequenceNumber) ? -1 : 1));
    for (let i = 1; i < records.length; i++) {
      if (firstSuccess.get(records[i].id)! < firstSuccess.get(records[i - 1].id)!) violations.push(`${key}: ${records[i - 1].id} after ${records[i].id}`);
    }
  }
  return violations;
}

function expectConsistentSummary(summary: RunSummary, observed: Observed): void {
  const duplicates = observed.successes.length - new Set(observed.successes.map((s) => s.id)).size;
  expect(summary.stoppedBy).toBe('drained');
  // Each record is checkpointed exactly once, and nothing was discarded.
  expect(summary.recordsProcessed).toBe(RECORDS);
  expect(summary.recordsDiscarded).toBe(0);
  // The random failures did happen, and were retried (a bisection is a retry of each half).
  expect(summary.retries + summary.bisections).toBeGreaterThan(0);
  expect(summary.recordsRedelivered).toBeGreaterThan(0);
  // Duplicates seen by the handler are a subset of the deliveries the mapping counts as redeliveries.
  expect(duplicates).toBeLessThanOrEqual(summary.recordsRedelivered);
  expect(summary.recordsDelivered).toBeGreaterThanOrEqual(observed.successes.length);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
