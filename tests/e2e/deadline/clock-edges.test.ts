/**
 * The clock a deadline is read from, at its edges (issue 11, item 5): a remaining time beyond what
 * a timer can wait is clamped rather than firing at once; a clock that throws or returns no number
 * means no deadline, with one warning, rather than a failed invocation; a clock past its end
 * starts nothing and reports everything.
 */
import 'reflect-metadata';
import { createHandler, OnPartitionKey, StreamHandler, type LambdaContext } from 'shardline';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { captureLogger } from '../../support/capture-logger';

/** Every record waits for a timer of its own (10 ms), so a deadline timer that fires at once finds it running. */
@StreamHandler()
class Waiting {
  @OnPartitionKey(() => true)
  async handle() {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function withClock(getRemainingTimeInMillis: unknown): LambdaContext {
  return { ...lambdaContext(), getRemainingTimeInMillis } as LambdaContext;
}

const clockWarnings = (logger: ReturnType<typeof captureLogger>) => logger.entries.filter((entry) => entry.message.includes('getRemainingTimeInMillis'));

describe('a remaining time beyond what a timer can wait (2^31-1 ms)', () => {
  it.each([2 ** 31, 2 ** 31 + 10_000, Number.MAX_SAFE_INTEGER])('is clamped, so the deadline does not fire at once: %d ms', async (remaining) => {
    const logger = captureLogger();
    const handler = createHandler([Waiting], { logger });

    const { response, deadlineReached, records } = await handler.processBatch(
      kinesisEvent([{ data: {} }, { data: {} }]),
      withClock(() => remaining),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadlineReached).toBe(false);
    expect(records.map((record) => record.status)).toEqual(['succeeded', 'succeeded']);
    expect(clockWarnings(logger)).toEqual([]);
  });
});

describe('a clock that cannot be read', () => {
  const broken: ReadonlyArray<readonly [string, unknown]> = [
    [
      'throws',
      () => {
        throw new Error('clock broken');
      },
    ],
    ['returns NaN', () => NaN],
    ['returns a string', () => '5000'],
    ['returns undefined', () => undefined],
    ['returns an object', () => ({ ms: 5000 })],
    ['is a number, not a function', 5000],
  ];

  it.each(broken)('that %s means no deadline: the batch runs and returns its response', async (_what, clock) => {
    const handler = createHandler([Waiting], { logger: captureLogger() });
    const event = kinesisEvent([{ data: {} }, { data: {} }]);

    const { response, deadlineReached, records } = await handler.processBatch(event, withClock(clock));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadlineReached).toBe(false);
    expect(records.map((record) => record.status)).toEqual(['succeeded', 'succeeded']);
  });

  it.each(broken)('that %s is warned about once an invocation', async (_what, clock) => {
    const logger = captureLogger();
    const handler = createHandler([Waiting], { logger });

    await handler(kinesisEvent([{ data: {} }, { data: {} }, { data: {} }]), withClock(clock));

    expect(clockWarnings(logger)).toEqual([
      { level: 'warn', message: expect.stringContaining('this batch runs without a deadline') as unknown, fields: expect.any(Object) as unknown },
    ]);
  });

  it('that throws is named in the warning by its error', async () => {
    const logger = captureLogger();
    const handler = createHandler([Waiting], { logger });
    const failure = new Error('clock broken');

    await handler(
      kinesisEvent([{ data: {} }]),
      withClock(() => {
        throw failure;
      }),
    );

    expect(clockWarnings(logger)[0].fields).toEqual(expect.objectContaining({ error: failure }));
  });
});

describe('a clock past its end', () => {
  it.each([-1, -60_000, -Infinity])('starts no record and reports every one when it returns %d', async (remaining) => {
    const logger = captureLogger();
    const handler = createHandler([Waiting], { logger });
    const event = kinesisEvent([{ data: {} }, { data: {} }]);

    const { response, deadlineReached } = await handler.processBatch(
      event,
      withClock(() => remaining),
    );

    expect(response.batchItemFailures).toEqual(event.Records.map((record) => ({ itemIdentifier: record.kinesis.sequenceNumber })));
    expect(deadlineReached).toBe(true);
    expect(clockWarnings(logger)).toEqual([]);
  });
});

describe('a context without a deadline', () => {
  it('is not warned about when its clock returns Infinity, as lambdaContext() without a remaining time does', async () => {
    const logger = captureLogger();
    const handler = createHandler([Waiting], { logger });

    const response = await handler(kinesisEvent([{ data: {} }]), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(clockWarnings(logger)).toEqual([]);
  });
});
