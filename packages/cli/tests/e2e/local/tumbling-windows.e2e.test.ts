import {
  putRecords,
  startEventSourceMapping,
  type EventSourceMappingEvent,
  type KinesisStreamEvent,
  type KinesisTimeWindowEvent,
  type RunSummary,
} from '../../../src';
import { freshStream, sleep, startHarness, stopHarness, type Harness } from './kinesis-harness';
import { readBack } from './stream-readback';

/**
 * Tumbling windows end to end against kinesis-local: a raw handler that keeps `{ sum, count }` as the
 * window's state, failures injected in every way Lambda distinguishes, and the totals checked against
 * the stream itself. Arrival times are Kinesis's to decide, so the tests never predict which window a
 * record lands in: they read the stream back and compare totals, never counts of invocations.
 */

interface Totals {
  sum: number;
  count: number;
}

interface Final {
  shardId: string;
  window: { start: string; end: string };
  state: Record<string, unknown>;
  terminatedEarly: boolean;
}

const decode = (data: string | Uint8Array) =>
  JSON.parse(Buffer.from(typeof data === 'string' ? Buffer.from(data, 'base64') : data).toString('utf8')) as { id: number; value: number };

/** The mapping has a tumbling window, so every event it sends is a window event. */
const windowed =
  (handler: (event: KinesisTimeWindowEvent) => unknown) =>
  (event: KinesisStreamEvent): unknown =>
    handler(event as KinesisTimeWindowEvent);

const windowKey = (shardId: string, start: string) => `${shardId} ${start}`;

/** Sums the states of the successful final invocations by shard and window: a window closed twice would count twice. */
function totalsOf(finals: Final[]): Record<string, Totals> {
  const totals: Record<string, Totals> = {};
  for (const final of finals) {
    const key = windowKey(final.shardId, final.window.start);
    const { sum, count } = final.state as unknown as Totals;
    totals[key] = { sum: (totals[key]?.sum ?? 0) + sum, count: (totals[key]?.count ?? 0) + count };
  }
  return totals;
}

/** What the stream says each window of each shard must add up to. */
async function expectedTotals(harness: Harness, streamName: string, windowMs: number): Promise<Record<string, Totals>> {
  const totals: Record<string, Totals> = {};
  for (const record of await readBack(harness.client, streamName)) {
    const start = new Date(Math.floor(record.arrival.getTime() / windowMs) * windowMs).toISOString().replace('.000Z', 'Z');
    const key = windowKey(record.shardId, start);
    const { value } = decode(record.data);
    totals[key] = { sum: (totals[key]?.sum ?? 0) + value, count: (totals[key]?.count ?? 0) + 1 };
  }
  return totals;
}

describe('tumbling windows in the local event source mapping', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  it('adds every record into its window exactly once, through partial failures, errors, responses without state and failed final invocations', async () => {
    // Prepare: records put in bursts, so that they spread over several one-second windows on two shards.
    const streamName = await freshStream(harness, 2);
    let id = 0;
    for (let burst = 0; burst < 4; burst++) {
      if (burst > 0) await sleep(400);
      const input = Array.from({ length: 60 }, () => ({ partitionKey: `key-${id % 9}`, data: JSON.stringify({ id, value: (id++ % 13) + 1 }) }));
      await putRecords(harness.client, streamName, input);
    }
    const finals: Final[] = [];
    const violations: string[] = [];
    /** The state each window's last accepted response carried: what its next invocation must receive. */
    const accepted = new Map<string, Record<string, unknown>>();
    const failedOnce = new Set<number>();
    const finalAttempts = new Map<string, number>();
    let invocations = 0;
    const handler = windowed(async (event) => {
      await Promise.resolve();
      const key = windowKey(event.shardId, event.window.start);
      if (JSON.stringify(event.state) !== JSON.stringify(accepted.get(key) ?? {})) {
        violations.push(`${key}: received ${JSON.stringify(event.state)}, the last accepted state was ${JSON.stringify(accepted.get(key) ?? {})}`);
      }
      if (event.isFinalInvokeForWindow) {
        if (event.Records.length > 0) violations.push(`${key}: a final invocation with records`);
        const attempt = (finalAttempts.get(key) ?? 0) + 1;
        finalAttempts.set(key, attempt);
        if (attempt === 1) throw new Error('the first final invocation of every window fails');
        finals.push({ shardId: event.shardId, window: event.window, state: event.state, terminatedEarly: event.isWindowTerminatedEarly });
        accepted.delete(key);
        return { state: event.state };
      }
      const start = Date.parse(event.window.start);
      const end = Date.parse(event.window.end);
      for (const record of event.Records) {
        const arrival = Math.round(record.kinesis.approximateArrivalTimestamp * 1000);
        if (arrival < start || arrival >= end) violations.push(`${key}: a record that arrived at ${new Date(arrival).toISOString()}`);
      }
      invocations++;
      if (invocations % 9 === 0) throw new Error('every ninth invocation fails');
      if (invocations % 13 === 0) return { batchItemFailures: [] };
      const state = { sum: Number(event.state.sum ?? 0), count: Number(event.state.count ?? 0) };
      const failures: Array<{ itemIdentifier: string }> = [];
      for (const record of event.Records) {
        const { id: recordId, value } = decode(record.kinesis.data);
        if (failures.length === 0 && recordId % 11 === 5 && !failedOnce.has(recordId)) failedOnce.add(recordId);
        else if (failures.length === 0) {
          state.sum += value;
          state.count++;
          continue;
        }
        failures.push({ itemIdentifier: record.kinesis.sequenceNumber });
      }
      accepted.set(key, state);
      return { state, batchItemFailures: failures };
    });
    const events: EventSourceMappingEvent[] = [];

    // Act
    const summary: RunSummary = await startEventSourceMapping({
      client: harness.client,
      streamName,
      handler,
      tumblingWindowInSeconds: 1,
      batchSize: 7,
      // Far from any deadline, so that a loaded machine cannot time an invocation out.
      timeoutSeconds: 60,
      pollIntervalMs: 50,
      progressIntervalMs: 0,
      untilDrained: true,
      onEvent: (event) => events.push(event),
    }).done;

    // Assert
    expect(violations).toEqual([]);
    expect(totalsOf(finals)).toEqual(await expectedTotals(harness, streamName, 1_000));
    expect(finals.filter((final) => final.terminatedEarly)).toEqual([]);
    expect(summary).toMatchObject({ recordsProcessed: 240, recordsDiscarded: 0, windowsClosed: finals.length, windowsTerminatedEarly: 0 });
    expect(events.filter((event) => event.type === 'window-closed')).toHaveLength(finals.length);
    // The run drained only once every window had closed.
    expect(summary.shards.every((shard) => shard.window === undefined)).toBe(true);
  }, 120_000);

  it('cuts the open window short with a final invocation when the run is stopped', async () => {
    // Prepare
    const streamName = await freshStream(harness, 1);
    await putRecords(
      harness.client,
      streamName,
      Array.from({ length: 20 }, (_, n) => ({ partitionKey: `k${n % 3}`, data: JSON.stringify({ id: n, value: n }) })),
    );
    const finals: Final[] = [];
    const handler = windowed((event) => {
      if (event.isFinalInvokeForWindow)
        finals.push({ shardId: event.shardId, window: event.window, state: event.state, terminatedEarly: event.isWindowTerminatedEarly });
      const sum = event.Records.reduce((total, record) => total + decode(record.kinesis.data).value, Number(event.state.sum ?? 0));
      const count = Number(event.state.count ?? 0) + event.Records.length;
      return { state: { sum, count } };
    });
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler,
      tumblingWindowInSeconds: 900,
      batchSize: 6,
      // Far from any deadline, so that a loaded machine cannot time an invocation out.
      timeoutSeconds: 60,
      pollIntervalMs: 50,
      progressIntervalMs: 0,
    });
    while (mapping.progress().recordsProcessed < 20) await sleep(20);

    // Act
    const summary = await mapping.stop();

    // Assert
    expect(finals.filter((final) => final.terminatedEarly)).toHaveLength(1);
    expect(totalsOf(finals)).toEqual(await expectedTotals(harness, streamName, 900_000));
    expect(summary).toMatchObject({ windowsTerminatedEarly: 1, windowsClosed: finals.length });
  });

  it('terminates a window whose state passes 1 MB early, and goes on with a fresh state', async () => {
    // Prepare
    const streamName = await freshStream(harness, 1);
    await putRecords(
      harness.client,
      streamName,
      Array.from({ length: 20 }, (_, n) => ({ partitionKey: 'k', data: JSON.stringify({ id: n, value: n + 1 }) })),
    );
    const seen: Array<{ final: boolean; terminatedEarly: boolean; state: Record<string, unknown>; window: string }> = [];
    const finals: Final[] = [];
    let padded = false;
    const handler = windowed(async (event) => {
      await Promise.resolve();
      seen.push({ final: event.isFinalInvokeForWindow, terminatedEarly: event.isWindowTerminatedEarly, state: event.state, window: event.window.start });
      if (event.isFinalInvokeForWindow) {
        finals.push({ shardId: event.shardId, window: event.window, state: event.state, terminatedEarly: event.isWindowTerminatedEarly });
        return { state: {} };
      }
      const sum = event.Records.reduce((total, record) => total + decode(record.kinesis.data).value, Number(event.state.sum ?? 0));
      const count = Number(event.state.count ?? 0) + event.Records.length;
      // The first batch returns a state just over Lambda's limit.
      const pad = padded ? {} : { pad: 'x'.repeat(1024 * 1024) };
      padded = true;
      return { state: { sum, count, ...pad } };
    });
    const mapping = startEventSourceMapping({
      client: harness.client,
      streamName,
      handler,
      tumblingWindowInSeconds: 900,
      batchSize: 5,
      // Far from any deadline, so that a loaded machine cannot time an invocation out.
      timeoutSeconds: 60,
      pollIntervalMs: 50,
      progressIntervalMs: 0,
    });
    while (mapping.progress().recordsProcessed < 20) await sleep(20);

    // Act
    const summary = await mapping.stop();

    // Assert: the big state reached its own final invocation, then the window went on from {}.
    const early = seen.findIndex((invocation) => invocation.final && typeof invocation.state.pad === 'string');
    expect(early).toBeGreaterThanOrEqual(0);
    expect(seen[early]).toMatchObject({ terminatedEarly: true, window: seen[0].window });
    expect(seen[early + 1]).toMatchObject({ final: false, state: {} });
    expect(totalsOf(finals)).toEqual(await expectedTotals(harness, streamName, 900_000));
    expect(summary.windowsTerminatedEarly).toBe(2);
  });
});
