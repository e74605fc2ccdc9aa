/**
 * The deadline: when the invocation's remaining time falls under `deadlineMarginMs`, no record
 * starts, running records see their signal aborted, and the handler returns in time with every
 * record that did not complete reported. Times are small but real; what is asserted is outcomes,
 * order, and the contract bound (returned before the Lambda context ran out), never speed.
 */
import { DeadlineExceededError } from 'shardline';
import { lambdaContext } from 'shardline/testing';
import { batch, recordingHandler, reported, roundRobin, sleep } from '../ordering/recording-handler';

/** Resolves when `signal` aborts, or after `ms` at the latest, so a broken deadline cannot hang a test. */
function untilAborted(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // A synchronous handler that hogs the event loop, so no timer can interrupt it.
  }
}

describe('the deadline of a slow batch', () => {
  it('returns before the Lambda context runs out, reporting exactly the records that did not complete, in batch order', async () => {
    const records = roundRobin(1, 60);
    const { handler, recorder } = recordingHandler(() => sleep(20), { ordering: 'shard', deadlineMarginMs: 200 });
    const { event } = batch(records);
    const context = lambdaContext({ remainingTimeMs: 600 });

    const response = await handler(event, context);
    const left = context.getRemainingTimeInMillis();
    const completed = new Set(recorder.succeeded());

    expect(left).toBeGreaterThan(0);
    expect(completed.size).toBeGreaterThan(0);
    expect(completed.size).toBeLessThan(records.length);
    expect(reported(response)).toEqual(event.Records.filter((_, i) => !completed.has(records[i][0])).map((record) => record.kinesis.sequenceNumber));
  });

  it('returns before the Lambda context runs out even when a running record ignores its signal and outlives the invocation', async () => {
    const { handler } = recordingHandler(() => sleep(1_000), { ordering: 'partition-key', concurrency: 2, deadlineMarginMs: 150 });
    const { event, seq } = batch([
      ['a0', 'a'],
      ['b0', 'b'],
      ['a1', 'a'],
    ]);
    const context = lambdaContext({ remainingTimeMs: 400 });

    const response = await handler(event, context);

    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(reported(response)).toEqual([seq('a0'), seq('b0'), seq('a1')]);
  });

  it('completes a prefix of the batch under shard ordering, so Lambda checkpoints the progress made', async () => {
    const records = roundRobin(1, 60);
    const { handler, recorder } = recordingHandler(() => sleep(20), { ordering: 'shard', deadlineMarginMs: 200 });
    const { event } = batch(records);

    await handler(event, lambdaContext({ remainingTimeMs: 600 }));
    const completed = recorder.succeeded();

    expect(completed).toEqual(records.slice(0, completed.length).map(([id]) => id));
  });

  it('aborts the signal of every record still running, with a DeadlineExceededError as the reason', async () => {
    const { handler, recorder } = recordingHandler((_id, { signal }) => untilAborted(signal, 5_000), {
      ordering: 'none',
      concurrency: 4,
      deadlineMarginMs: 100,
    });
    const { event } = batch(roundRobin(10, 1));

    await handler(event, lambdaContext({ remainingTimeMs: 300 }));
    const running = [...recorder.calls.values()];

    expect(running).toHaveLength(4);
    for (const call of running) {
      expect(call.signal.aborted).toBe(true);
      expect(call.signal.reason).toBeInstanceOf(DeadlineExceededError);
    }
  });

  it('reports records still running as timed out and records never started as not started', async () => {
    const { handler } = recordingHandler((_id, { signal }) => untilAborted(signal, 5_000), {
      ordering: 'partition-key',
      concurrency: 2,
      deadlineMarginMs: 100,
    });
    const { event } = batch([
      ['a0', 'a'],
      ['b0', 'b'],
      ['a1', 'a'],
      ['c0', 'c'],
    ]);

    const report = await handler.processBatch(event, lambdaContext({ remainingTimeMs: 300 }));

    expect(report.deadlineReached).toBe(true);
    expect(report.records.map((record) => record.status)).toEqual(['timed-out', 'timed-out', 'not-started', 'not-started']);
    expect(reported(report.response)).toEqual(event.Records.map((record) => record.kinesis.sequenceNumber));
  });

  it('starts no record after the deadline, even when a running record that ignores its signal finishes later', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(250), { ordering: 'partition-key', concurrency: 2, deadlineMarginMs: 100 });
    const { event } = batch(roundRobin(2, 3));

    await handler(event, lambdaContext({ remainingTimeMs: 300 }));
    const startedByThen = [...recorder.starts];
    await sleep(400);

    expect(startedByThen).toEqual(['k0-0', 'k1-0']);
    expect(recorder.succeeded().sort()).toEqual(['k0-0', 'k1-0']);
    expect(recorder.starts).toEqual(startedByThen);
  });

  it('keeps the response it returned when a timed-out record finishes after it', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(250), { ordering: 'shard', deadlineMarginMs: 100 });
    const { event, seq } = batch([
      ['r0', 'k'],
      ['r1', 'k'],
    ]);

    const response = await handler(event, lambdaContext({ remainingTimeMs: 300 }));
    await sleep(400);

    expect(recorder.succeeded()).toEqual(['r0']);
    expect(reported(response)).toEqual([seq('r0'), seq('r1')]);
  });

  it('stops synchronous handlers at the deadline too, though no timer can interrupt them', async () => {
    const records = roundRobin(1, 100);
    const { handler, recorder } = recordingHandler(() => busyWait(10), { ordering: 'shard', deadlineMarginMs: 150 });
    const { event } = batch(records);
    const context = lambdaContext({ remainingTimeMs: 450 });

    const response = await handler(event, context);
    const completed = recorder.succeeded();

    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.length).toBeLessThan(records.length);
    expect(reported(response)).toEqual(event.Records.slice(completed.length).map((record) => record.kinesis.sequenceNumber));
  });

  it.each(['shard', 'none'] as const)(
    'returns in time under %s ordering when synchronous records used up part of the time before an asynchronous one hangs',
    async (ordering) => {
      // The synchronous records run before the handler could arm any timer; the deadline must still count from the start.
      // Budget 2 s (3 s left, 1 s margin): the 1.6 s of synchronous records fit with room to spare on a loaded machine, and
      // a deadline counted from after them (1.6 + 2 s) would come after the context ran out (3 s), which the first expect catches.
      const { handler } = recordingHandler((id) => (id === 'slow' ? sleep(2_500) : busyWait(400)), { ordering, concurrency: 1, deadlineMarginMs: 1_000 });
      const { event, seq } = batch([
        ['s0', 'k'],
        ['s1', 'k'],
        ['s2', 'k'],
        ['s3', 'k'],
        ['slow', 'k'],
        ['after', 'k'],
      ]);
      const context = lambdaContext({ remainingTimeMs: 3_000 });

      const response = await handler(event, context);

      expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
      expect(reported(response)).toEqual([seq('slow'), seq('after')]);
    },
  );

  it('caps the margin at half the remaining time the invocation starts with, so a margin larger than the timeout still makes progress', async () => {
    const records = roundRobin(1, 60);
    const { handler, recorder } = recordingHandler(() => sleep(10), { ordering: 'shard', deadlineMarginMs: 60_000 });
    const { event } = batch(records);
    const context = lambdaContext({ remainingTimeMs: 400 });

    const response = await handler(event, context);
    const completed = recorder.succeeded();

    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    expect(reported(response)).toEqual(event.Records.slice(completed.length).map((record) => record.kinesis.sequenceNumber));
  });
});

describe('a batch that finishes before its deadline', () => {
  it('reports nothing and never aborts the signal, not even after it returned', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(1), { ordering: 'none', concurrency: 4, deadlineMarginMs: 100 });
    const { event } = batch(roundRobin(4, 2));

    const report = await handler.processBatch(event, lambdaContext({ remainingTimeMs: 300 }));
    await sleep(300);

    expect(reported(report.response)).toEqual([]);
    expect(report.deadlineReached).toBe(false);
    expect([...recorder.calls.values()].some((call) => call.signal.aborted)).toBe(false);
  });
});

describe('without a deadline', () => {
  it('runs every record when no Lambda context is given, however large the margin', async () => {
    const records = roundRobin(1, 10);
    const { handler, recorder } = recordingHandler(() => sleep(20), { ordering: 'shard', deadlineMarginMs: 60_000 });
    const { event } = batch(records);

    const report = await handler.processBatch(event);

    expect(reported(report.response)).toEqual([]);
    expect(report.deadlineReached).toBe(false);
    expect(recorder.succeeded()).toHaveLength(records.length);
    expect([...recorder.calls.values()].some((call) => call.signal.aborted)).toBe(false);
  });

  it('runs every record when the Lambda context has no remaining-time limit', async () => {
    const records = roundRobin(1, 10);
    const { handler, recorder } = recordingHandler(() => sleep(20), { ordering: 'shard', deadlineMarginMs: 60_000 });
    const { event } = batch(records);

    const response = await handler(event, lambdaContext());

    expect(reported(response)).toEqual([]);
    expect(recorder.succeeded()).toHaveLength(records.length);
  });
});
