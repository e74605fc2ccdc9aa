import { mkdtempSync, readFileSync } from 'node:fs';
import { UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEventSourceMapping,
  StreamUnavailableError,
  type EventSourceMappingEvent,
  type EventSourceMappingOptions,
  type KinesisLambdaHandler,
  type OnFailureRecord,
  waitForStreamActive,
} from '../../../src';
import { decodeId, freshStream, putNumbered, sleep, startHarness, stopHarness, type Harness } from './kinesis-harness';

describe('the retry controls of the event source mapping', () => {
  let harness: Harness;
  let dir: string;

  beforeAll(async () => {
    harness = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'shardline-retry-'));
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  /** Runs a mapping on a fresh one-shard stream of `count` records until drained; records what the handler saw. */
  async function run(count: number, handler: (ids: number[], seqs: string[]) => unknown, options: Partial<EventSourceMappingOptions> = {}) {
    const streamName = await freshStream(harness, 1);
    const put = await putNumbered(harness, streamName, count, 1);
    const deliveries: number[][] = [];
    const events: EventSourceMappingEvent[] = [];
    const onFailureFile = join(dir, `${streamName}.jsonl`);
    const wrapped: KinesisLambdaHandler = async (event) => {
      const ids = event.Records.map((r) => decodeId(r.kinesis.data));
      deliveries.push(ids);
      // Awaited here, so a handler that throws synchronously rejects like an async Lambda handler.
      return await handler(
        ids,
        event.Records.map((r) => r.kinesis.sequenceNumber),
      );
    };
    const summary = await startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: wrapped,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
      untilDrained: true,
      onFailureFile,
      onEvent: (event) => events.push(event),
      ...options,
    }).done;
    return { put, deliveries, events, summary, onFailure: readLines(onFailureFile) };
  }

  it('sends the records from the failing one to the on-failure file once maximum retry attempts are used up', async () => {
    // Prepare: record 4 always fails; the handler reports it and every record after it.
    const reportFromPoison = (ids: number[], seqs: string[]) => ({
      batchItemFailures: seqs.filter((_, i) => ids[i] >= 4).map((itemIdentifier) => ({ itemIdentifier })),
    });

    // Act
    const { put, deliveries, summary, onFailure } = await run(10, (ids, seqs) => (ids.includes(4) ? reportFromPoison(ids, seqs) : undefined), {
      batchSize: 10,
      maximumRetryAttempts: 2,
    });

    // Assert
    expect(deliveries).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [4, 5, 6, 7, 8, 9],
      [4, 5, 6, 7, 8, 9],
    ]);
    expect(onFailure).toHaveLength(1);
    expect(onFailure[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      version: '1.0',
      KinesisBatchInfo: {
        shardId: put[4].shardId,
        startSequenceNumber: put[4].sequenceNumber,
        endSequenceNumber: put[9].sequenceNumber,
        batchSize: 6,
        streamArn: expect.stringMatching(/^arn:aws:kinesis:us-east-1:000000000000:stream\//) as unknown,
      },
    });
    expect(onFailure[0].requestContext.functionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:shardline-local');
    expect(summary).toMatchObject({ recordsProcessed: 4, recordsDiscarded: 6, onFailureRecords: 1, retries: 2 });
  });

  it('counts a thrown error against the retry quota and marks the on-failure record as a function error', async () => {
    // Act
    const { deliveries, onFailure } = await run(
      3,
      () => {
        throw new Error('down');
      },
      { maximumRetryAttempts: 1 },
    );

    // Assert
    expect(deliveries).toHaveLength(2);
    expect(onFailure).toHaveLength(1);
    expect(onFailure[0].requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 });
    expect(onFailure[0].responseContext.functionError).toBe('Unhandled');
    expect(onFailure[0].KinesisBatchInfo.batchSize).toBe(3);
  });

  it('discards records older than the maximum record age, even with unlimited retries', async () => {
    // Act
    const { deliveries, onFailure, summary } = await run(
      5,
      () => {
        throw new Error('down');
      },
      { maximumRecordAgeSeconds: 0.5, maximumRetryAttempts: -1, retryDelayMs: 50 },
    );

    // Assert
    expect(deliveries.length).toBeGreaterThan(1);
    expect(onFailure).toHaveLength(1);
    expect(onFailure[0].requestContext.condition).toBe('RecordAgeExceeded');
    expect(onFailure[0].KinesisBatchInfo.batchSize).toBe(5);
    expect(summary.recordsDiscarded).toBe(5);
  });

  it('discards records that are already too old without invoking the function', async () => {
    // Prepare
    const streamName = await freshStream(harness, 1);
    await putNumbered(harness, streamName, 3, 1);
    await sleep(600);
    let invocations = 0;

    // Act
    const summary = await startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: () => {
        invocations++;
        return Promise.resolve();
      },
      maximumRecordAgeSeconds: 0.5,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
      untilDrained: true,
    }).done;

    // Assert
    expect(invocations).toBe(0);
    expect(summary.recordsDiscarded).toBe(3);
  });

  it('bisects a failing batch until the bad record is alone, and discards only that record', async () => {
    // Act
    const { deliveries, events, onFailure, summary, put } = await run(
      8,
      (ids) => {
        if (ids.includes(5)) throw new Error('record 5 is poison');
      },
      { batchSize: 8, bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
    );

    // Assert
    expect(events.filter((e) => e.type === 'bisect').map((e) => (e as { sizes: number[] }).sizes)).toEqual([
      [4, 4],
      [2, 2],
      [1, 1],
    ]);
    expect(deliveries).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3], [4, 5, 6, 7], [4, 5], [4], [5], [6, 7]]);
    expect(onFailure).toHaveLength(1);
    expect(onFailure[0].KinesisBatchInfo).toMatchObject({ batchSize: 1, startSequenceNumber: put[5].sequenceNumber, endSequenceNumber: put[5].sequenceNumber });
    expect(summary).toMatchObject({ recordsProcessed: 7, recordsDiscarded: 1, bisections: 3 });
  });

  it('retries the whole batch after a partial failure when the function throws and ReportBatchItemFailures is off', async () => {
    // Prepare: record 2 fails once; the handler throws, as handlers without partial responses must.
    let failed = false;

    // Act
    const { deliveries, summary } = await run(
      4,
      (ids) => {
        if (ids.includes(2) && !failed) {
          failed = true;
          throw new Error('record 2 failed');
        }
      },
      { reportBatchItemFailures: false },
    );

    // Assert: records 0 and 1 succeeded the first time and are delivered again.
    expect(deliveries).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    expect(summary).toMatchObject({ recordsProcessed: 4, retries: 1, recordsRedelivered: 4 });
  });

  it('ignores a partial batch response when ReportBatchItemFailures is off, and says so', async () => {
    // Act
    const { deliveries, events, summary } = await run(4, (_ids, seqs) => ({ batchItemFailures: [{ itemIdentifier: seqs[2] }] }), {
      reportBatchItemFailures: false,
    });

    // Assert: the reported record is checkpointed as processed and never comes back.
    expect(deliveries).toEqual([[0, 1, 2, 3]]);
    expect(summary).toMatchObject({ recordsProcessed: 4, ignoredItemFailures: 1, retries: 0 });
    expect(events.some((e) => e.type === 'warning' && /ReportBatchItemFailures is off/.test(e.message))).toBe(true);
  });

  it('redelivers from the lowest reported sequence number when failures are reported out of order', async () => {
    // Prepare
    let first = true;

    // Act
    const { deliveries } = await run(6, (_ids, seqs) => {
      if (!first) return undefined;
      first = false;
      return { batchItemFailures: [{ itemIdentifier: seqs[4] }, { itemIdentifier: seqs[1] }, { itemIdentifier: seqs[3] }] };
    });

    // Assert
    expect(deliveries).toEqual([
      [0, 1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
  });

  it('treats an invalid identifier as a failure of the whole batch', async () => {
    // Prepare
    let first = true;

    // Act
    const { deliveries, summary } = await run(3, () => {
      if (!first) return undefined;
      first = false;
      return { batchItemFailures: [{ itemIdentifier: null }] };
    });

    // Assert
    expect(deliveries).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(summary.invalidResponses).toBe(1);
  });

  it('fails an invocation that outlives the timeout, with a context that counts down to it', async () => {
    // Prepare
    const remaining: number[] = [];
    let calls = 0;

    // Act
    const streamName = await freshStream(harness, 1);
    await putNumbered(harness, streamName, 2, 1);
    const events: EventSourceMappingEvent[] = [];
    const summary = await startEventSourceMapping({
      client: harness.client,
      streamName,
      timeoutSeconds: 0.3,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
      untilDrained: true,
      onEvent: (event) => events.push(event),
      handler: async (_event, context) => {
        remaining.push(context.getRemainingTimeInMillis());
        if (calls++ === 0) await sleep(500);
      },
    }).done;

    // Assert
    expect(remaining[0]).toBeGreaterThan(200);
    expect(remaining[0]).toBeLessThanOrEqual(300);
    expect(summary).toMatchObject({ timeouts: 1, retries: 1, recordsProcessed: 2 });
    expect(events.find((e) => e.type === 'batch-failed')).toMatchObject({ reason: 'timeout', message: 'Task timed out after 0.30 seconds' });
  });

  it('respects the batch size and keeps one batch in flight per shard, in shard order', async () => {
    // Act
    const { deliveries } = await run(250, () => undefined, { batchSize: 100 });

    // Assert
    expect(deliveries.map((ids) => ids.length)).toEqual([100, 100, 50]);
    expect(deliveries.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('gathers records that arrive during the batching window into one invocation', async () => {
    // Prepare
    const streamName = await freshStream(harness, 1);
    const sizes: number[] = [];
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: (event) => {
        sizes.push(event.Records.length);
        return Promise.resolve();
      },
      batchingWindowSeconds: 1,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
    });

    // Act
    for (let i = 0; i < 5; i++) {
      await putNumbered(harness, streamName, 1, 1);
      await sleep(50);
    }
    await sleep(1_300);
    await mapping.stop();

    // Assert
    expect(sizes).toEqual([5]);
  });

  it('starts at the tip with LATEST and at a point in time with AT_TIMESTAMP', async () => {
    // Prepare
    const streamName = await freshStream(harness, 1);
    await putNumbered(harness, streamName, 3, 1);
    await sleep(1_100);
    const timestamp = new Date();
    await sleep(100);
    const late = await putNumbered(harness, streamName, 2, 1);
    const collect = async (options: Partial<EventSourceMappingOptions>, before?: () => Promise<void>) => {
      const seen: string[] = [];
      const mapping = startEventSourceMapping({
        client: harness.client,
        streamName,
        handler: (event) => {
          seen.push(...event.Records.map((r) => r.kinesis.sequenceNumber));
          return Promise.resolve();
        },
        pollIntervalMs: 20,
        progressIntervalMs: 0,
        ...options,
      });
      await before?.();
      await sleep(400);
      await mapping.stop();
      return seen;
    };

    // Act
    const atTimestamp = await collect({ startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: timestamp });
    let afterStart: string[] = [];
    const latest = await collect({ startingPosition: 'LATEST' }, async () => {
      await sleep(300);
      afterStart = (await putNumbered(harness, streamName, 1, 1)).map((r) => r.sequenceNumber);
    });

    // Assert
    expect(atTimestamp).toEqual(late.map((r) => r.sequenceNumber));
    expect(latest).toEqual(afterStart);
  });

  it('stops when its signal is aborted and reports how it stopped', async () => {
    // Prepare
    const streamName = await freshStream(harness, 2);
    const controller = new AbortController();
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: () => Promise.resolve(undefined),
      signal: controller.signal,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
    });

    // Act
    setTimeout(() => controller.abort(), 200);
    const summary = await mapping.done;

    // Assert
    expect(summary.stoppedBy).toBe('stopped');
    expect(summary.shards.map((s) => s.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
  });

  it('waits, when asked to stop once drained, for records put just before the request', async () => {
    // Prepare: the shards have been seen empty before the records arrive.
    const streamName = await freshStream(harness, 2);
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: () => Promise.resolve(undefined),
      pollIntervalMs: 20,
      progressIntervalMs: 0,
    });
    await sleep(300);
    await putNumbered(harness, streamName, 500, 20);

    // Act
    const summary = await mapping.stopWhenDrained();

    // Assert
    expect(summary).toMatchObject({ stoppedBy: 'drained', recordsProcessed: 500 });
  });

  it('reports progress with per-shard lag while it runs', async () => {
    // Prepare
    const streamName = await freshStream(harness, 2);
    await putNumbered(harness, streamName, 400, 10);
    const progress: EventSourceMappingEvent[] = [];

    // Act
    await startEventSourceMapping({
      client: harness.client,
      streamName,
      handler: async () => sleep(30),
      batchSize: 20,
      pollIntervalMs: 20,
      progressIntervalMs: 50,
      untilDrained: true,
      onEvent: (event) => event.type === 'progress' && progress.push(event),
    }).done;

    // Assert
    expect(progress.length).toBeGreaterThan(2);
    const last = progress[progress.length - 1] as Extract<EventSourceMappingEvent, { type: 'progress' }>;
    expect(last.progress.shards).toHaveLength(2);
    // Handlers take 30 ms a batch of 20: somewhere during the run a shard was behind.
    expect(progress.some((e) => (e as Extract<EventSourceMappingEvent, { type: 'progress' }>).progress.shards.some((s) => s.iteratorAgeMs > 0))).toBe(true);
    expect(last.progress.recordsProcessed).toBeGreaterThan(0);
    expect(progress.some((e) => (e as Extract<EventSourceMappingEvent, { type: 'progress' }>).progress.recordsPerSecond > 0)).toBe(true);
  });

  it('reads a resharded stream parents first, so each key keeps its order across the split', async () => {
    // Prepare: records before the split land on the parent, records after it on the children.
    const streamName = await freshStream(harness, 1);
    const before = await putNumbered(harness, streamName, 100, 10);
    await harness.client.send(new UpdateShardCountCommand({ StreamName: streamName, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }));
    await waitForStreamActive(harness.client, streamName, 10_000);
    const after = await putNumbered(harness, streamName, 100, 10);
    const seen: Array<{ key: string; sequenceNumber: string }> = [];

    // Act
    const summary = await startEventSourceMapping({
      client: harness.client,
      streamName,
      // The parent is slow: children read too early would deliver their records first.
      handler: async (event) => {
        if (event.Records[0].eventID.startsWith(`${before[0].shardId}:`)) await sleep(40);
        for (const r of event.Records) seen.push({ key: r.kinesis.partitionKey, sequenceNumber: r.kinesis.sequenceNumber });
      },
      batchSize: 10,
      pollIntervalMs: 20,
      progressIntervalMs: 0,
      untilDrained: true,
    }).done;

    // Assert
    expect(summary.shards.length).toBe(3);
    expect(new Set(after.map((r) => r.shardId)).has(before[0].shardId)).toBe(false);
    expect(summary.recordsProcessed).toBe(200);
    for (let key = 0; key < 10; key++) {
      const delivered = seen.filter((s) => s.key === `key-${key}`).map((s) => s.sequenceNumber);
      const written = [...before, ...after].filter((r) => r.partitionKey === `key-${key}`).map((r) => r.sequenceNumber);
      expect(delivered).toEqual(written);
    }
  });

  it('fails with a clear error when the stream does not exist', async () => {
    // Act
    const done = startEventSourceMapping({ client: harness.client, streamName: 'no-such-stream', handler: () => Promise.resolve(undefined) }).done;

    // Assert
    await expect(done).rejects.toThrow(StreamUnavailableError);
    await expect(done).rejects.toThrow('stream "no-such-stream" does not exist');
  });
});

function readLines(path: string): OnFailureRecord[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OnFailureRecord);
  } catch {
    return [];
  }
}
