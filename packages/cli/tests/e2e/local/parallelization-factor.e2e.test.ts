import { startEventSourceMapping, type KinesisLambdaHandler, type KinesisStreamBatchResponse } from '../../../src';
import { decodeId, freshStream, putNumbered, sleep, startHarness, stopHarness, type Harness, type PutRecordInfo } from './kinesis-harness';

/**
 * A parallelization factor of 10 end to end: up to ten batches of a shard in flight at once, records
 * of one partition key in one lane and in order across batches and retries, and the shard's checkpoint
 * at its last record once every lane is done.
 */

const RECORDS = 2_000;
const KEYS = 60;

interface Observed {
  successes: Array<{ id: number; partitionKey: string }>;
  maxInFlightPerShard: number;
  /** A key in two invocations of one shard at once: two lanes for one key. */
  keysInTwoBatches: string[];
}

/** A handler that fails the first delivery of every record whose id is 11 modulo 37, by a partial response per key or by throwing. */
function failingOnce(mode: 'partial-per-key' | 'throw', observed: Observed): KinesisLambdaHandler {
  const failedOnce = new Set<number>();
  const inFlight = new Map<string, Set<string>>();
  return async (event) => {
    const shardId = event.Records[0].eventID.split(':')[0];
    const keys = new Set(event.Records.map((record) => record.kinesis.partitionKey));
    const shardKeys = inFlight.get(shardId) ?? new Set<string>();
    inFlight.set(shardId, shardKeys);
    for (const key of keys) if (shardKeys.has(key)) observed.keysInTwoBatches.push(key);
    for (const key of keys) shardKeys.add(key);
    try {
      // Lanes overlap for sure: every lane's first batch starts before any of them can end.
      await sleep(2);
      const failures: KinesisStreamBatchResponse['batchItemFailures'] = [];
      const failedKeys = new Set<string>();
      for (const record of event.Records) {
        const { partitionKey, sequenceNumber } = record.kinesis;
        const id = decodeId(record.kinesis.data);
        if (failedKeys.has(partitionKey)) {
          failures.push({ itemIdentifier: sequenceNumber });
          continue;
        }
        if (id % 37 === 11 && !failedOnce.has(id)) {
          failedOnce.add(id);
          if (mode === 'throw') throw new Error(`record ${id} fails once`);
          failures.push({ itemIdentifier: sequenceNumber });
          failedKeys.add(partitionKey);
          continue;
        }
        observed.successes.push({ id, partitionKey });
      }
      return { batchItemFailures: failures };
    } finally {
      for (const key of keys) shardKeys.delete(key);
    }
  };
}

describe('a parallelization factor in the local event source mapping', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  it.each(['partial-per-key', 'throw'] as const)(
    'keeps every key in order across ten concurrent batches per shard, with failures reported by %s',
    async (mode) => {
      // Prepare
      const streamName = await freshStream(harness, 2);
      const put = await putNumbered(harness, streamName, RECORDS, KEYS);
      const observed: Observed = { successes: [], maxInFlightPerShard: 0, keysInTwoBatches: [] };
      const concurrent = new Map<string, number>();
      const inner = failingOnce(mode, observed);
      const handler: KinesisLambdaHandler = async (event, context) => {
        const shardId = event.Records[0].eventID.split(':')[0];
        concurrent.set(shardId, (concurrent.get(shardId) ?? 0) + 1);
        observed.maxInFlightPerShard = Math.max(observed.maxInFlightPerShard, concurrent.get(shardId)!);
        try {
          return await inner(event, context);
        } finally {
          concurrent.set(shardId, concurrent.get(shardId)! - 1);
        }
      };

      // Act
      const summary = await startEventSourceMapping({
        client: harness.client,
        streamName,
        handler,
        parallelizationFactor: 10,
        batchSize: 25,
        // A timed-out invocation would run on beside its retry; a loaded machine must not make one.
        timeoutSeconds: 60,
        pollIntervalMs: 20,
        progressIntervalMs: 0,
        untilDrained: true,
      }).done;

      // Assert
      const firstSuccess = new Map<number, number>();
      observed.successes.forEach((success, position) => {
        if (!firstSuccess.has(success.id)) firstSuccess.set(success.id, position);
      });
      expect(put.filter((record) => !firstSuccess.has(record.id)).map((record) => record.id)).toEqual([]);
      expect(keyOrderViolations(put, firstSuccess)).toEqual([]);
      expect(observed.keysInTwoBatches).toEqual([]);
      expect(observed.maxInFlightPerShard).toBeGreaterThan(1);
      expect(observed.maxInFlightPerShard).toBeLessThanOrEqual(10);
      expect(summary).toMatchObject({ recordsProcessed: RECORDS, recordsDiscarded: 0 });
      for (const shard of summary.shards) expect(shard.checkpoint).toBe(lastSequenceNumberOf(put, shard.shardId));
    },
    120_000,
  );
});

/** Records of one key must first succeed in sequence-number order. */
function keyOrderViolations(put: PutRecordInfo[], firstSuccess: Map<number, number>): string[] {
  const violations: string[] = [];
  const byKey = new Map<string, PutRecordInfo[]>();
  for (const record of put) byKey.set(record.partitionKey, [...(byKey.get(record.partitionKey) ?? []), record]);
  for (const [key, records] of byKey) {
    records.sort((a, b) => (BigInt(a.sequenceNumber) < BigInt(b.sequenceNumber) ? -1 : 1));
    for (let i = 1; i < records.length; i++) {
      if (firstSuccess.get(records[i].id)! < firstSuccess.get(records[i - 1].id)!) violations.push(`${key}: ${records[i - 1].id} after ${records[i].id}`);
    }
  }
  return violations;
}

function lastSequenceNumberOf(put: PutRecordInfo[], shardId: string): string {
  return put
    .filter((record) => record.shardId === shardId)
    .map((record) => record.sequenceNumber)
    .reduce((last, sequenceNumber) => (BigInt(sequenceNumber) > BigInt(last) ? sequenceNumber : last));
}
