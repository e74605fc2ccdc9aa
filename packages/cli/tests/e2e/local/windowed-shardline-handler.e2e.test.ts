import 'reflect-metadata';
import { createHandler, OnPartitionKey, StreamHandler, type Logger } from 'shardline';
import { OnWindowEnd, WindowReduce, type WindowContext } from 'shardline/windows';
import { putRecords, startEventSourceMapping } from '../../../src';
import { freshStream, sleep, startHarness, stopHarness, type Harness } from './kinesis-harness';
import { readBack } from './stream-readback';

/**
 * What `shardline dev --tumbling-window` runs for a decorated handler, through the library: the
 * runtime's window methods (@WindowReduce, @OnWindowEnd) against the runner's emulation of Lambda's
 * windows, with routes and window ends that fail once. Each window's total must be the sum of the
 * records that arrived in it, exactly once.
 */

interface Totals {
  sum?: number;
  count?: number;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

@StreamHandler()
class WindowedRevenue {
  /** Totals of the window ends that returned, by shard and window start. */
  readonly closed: Array<{ shardId: string; start: string; totals: Totals; terminatedEarly: boolean }> = [];
  private readonly failedOnce = new Set<number>();
  private readonly endAttempts = new Map<string, number>();

  @OnPartitionKey(() => true)
  paid(order: { id: number; value: number }): number {
    if (order.id % 11 === 5 && !this.failedOnce.has(order.id)) {
      this.failedOnce.add(order.id);
      throw new Error(`order ${order.id} fails once`);
    }
    return order.value;
  }

  @WindowReduce()
  add(totals: Totals, value: number): Totals {
    return { sum: (totals.sum ?? 0) + value, count: (totals.count ?? 0) + 1 };
  }

  @OnWindowEnd()
  close(totals: Totals, window: WindowContext): void {
    const key = `${window.shardId} ${window.start}`;
    const attempt = (this.endAttempts.get(key) ?? 0) + 1;
    this.endAttempts.set(key, attempt);
    if (attempt === 1) throw new Error('the first end of every window fails');
    this.closed.push({ shardId: window.shardId, start: window.start, totals, terminatedEarly: window.terminatedEarly });
  }
}

describe('a decorated shardline handler on a mapping with a tumbling window', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  it('ends every window with the total of exactly the records that arrived in it', async () => {
    // Prepare: bursts of orders over several one-second windows on two shards.
    const streamName = await freshStream(harness, 2);
    let id = 0;
    for (let burst = 0; burst < 3; burst++) {
      if (burst > 0) await sleep(500);
      await putRecords(
        harness.client,
        streamName,
        Array.from({ length: 50 }, () => ({ partitionKey: `customer-${id % 7}`, data: JSON.stringify({ id, value: (id++ % 9) + 1 }) })),
      );
    }
    const revenue = new WindowedRevenue();
    const handler = createHandler([revenue], { logger: silent });

    // A failure that keeps coming back ends the run with its messages, instead of a test timeout.
    const failures: string[] = [];

    // Act
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler,
      tumblingWindowInSeconds: 1,
      batchSize: 8,
      // Far from the handler's deadline margin, so that a loaded machine cannot time an invocation out.
      timeoutSeconds: 60,
      pollIntervalMs: 50,
      progressIntervalMs: 0,
      untilDrained: true,
      onEvent: (event) => {
        if (event.type === 'batch-failed' && failures.push(event.message) === 100) void mapping.stop();
      },
    });
    const summary = await mapping.done;

    // Assert
    expect(failures.length).toBeLessThan(100);
    const actual: Record<string, Totals> = {};
    for (const { shardId, start, totals } of revenue.closed) {
      const key = `${shardId} ${start}`;
      actual[key] = { sum: (actual[key]?.sum ?? 0) + (totals.sum ?? 0), count: (actual[key]?.count ?? 0) + (totals.count ?? 0) };
    }
    const expected: Record<string, Totals> = {};
    for (const record of await readBack(harness.client, streamName)) {
      const key = `${record.shardId} ${new Date(Math.floor(record.arrival.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')}`;
      const { value } = JSON.parse(Buffer.from(record.data).toString('utf8')) as { value: number };
      expected[key] = { sum: (expected[key]?.sum ?? 0) + value, count: (expected[key]?.count ?? 0) + 1 };
    }
    expect(actual).toEqual(expected);
    expect(revenue.closed.every((end) => !end.terminatedEarly)).toBe(true);
    expect(summary).toMatchObject({ recordsProcessed: 150, recordsDiscarded: 0, windowsClosed: revenue.closed.length });
  }, 120_000);
});
