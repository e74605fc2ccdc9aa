/**
 * The end of a tumbling window: on the window's final invocation (and when Lambda ends it early)
 * the `@OnWindowEnd` method gets the final state and the window; if it fails, or if records of the
 * final invocation remain to be retried, the invocation fails so that Lambda retries it, and no
 * state is handed back.
 */
import 'reflect-metadata';
import { createHandler, OnRecord, StreamHandler, type HandlerOptions } from 'shardline';
import { OnWindowEnd, WindowEndError, WindowReduce, type WindowContext } from 'shardline/windows';
import { kinesisEvent, lambdaContext, type RecordSpec } from 'shardline/testing';
import { captureLogger } from '../../support/capture-logger';

const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };

interface Totals {
  sum?: number;
  count?: number;
}

const paid = (total: number, extra: Record<string, unknown> = {}): RecordSpec => ({
  data: { type: 'order.paid', total, ...extra },
  partitionKey: 'customer-1',
});

/** Revenue per window; `closing` decides what the end method does. */
@StreamHandler()
class Revenue {
  readonly ended: Array<{ totals: Totals; window: WindowContext }> = [];
  closing: () => unknown = () => undefined;

  @OnRecord('order.paid')
  paid(order: { total: number; fail?: boolean }): number {
    if (order.fail === true) throw new Error('payment lookup failed');
    return order.total;
  }

  @WindowReduce()
  add(totals: Totals, total: number): Totals {
    return { sum: (totals.sum ?? 0) + total, count: (totals.count ?? 0) + 1 };
  }

  @OnWindowEnd()
  async close(totals: Totals, window: WindowContext): Promise<void> {
    await this.closing();
    this.ended.push({ totals: { ...totals }, window });
  }
}

function revenue(options: HandlerOptions = {}) {
  const instance = new Revenue();
  return { instance, handler: createHandler([instance], { logger: captureLogger(), ...options }) };
}

describe('the final invocation of a window', () => {
  it('runs the end method once, with the final state, and hands that state back', async () => {
    const { instance, handler } = revenue();
    const event = kinesisEvent([paid(3), paid(4)], { window: WINDOW, state: { sum: 10, count: 1 }, final: true });

    const response = await handler(event);

    expect(response).toEqual({ state: { sum: 17, count: 3 }, batchItemFailures: [] });
    expect(instance.ended.map((end) => end.totals)).toEqual([{ sum: 17, count: 3 }]);
  });

  it('gives the end method the window: start, end, shard, stream, flags, the Lambda context and a logger', async () => {
    const { instance, handler } = revenue();
    const context = lambdaContext({ remainingTimeMs: 60_000, awsRequestId: 'req-window' });

    await handler(kinesisEvent([paid(3)], { window: WINDOW, shardId: 'shardId-000000000009', final: true }), context);
    const [{ window }] = instance.ended;

    expect(window).toMatchObject({
      start: WINDOW.start,
      end: WINDOW.end,
      shardId: 'shardId-000000000009',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/shardline-test',
      final: true,
      terminatedEarly: false,
    });
    expect(window.lambda.awsRequestId).toBe('req-window');
    expect(typeof window.logger.info).toBe('function');
  });

  it('ends a window whose final invocation has no records with the state Lambda sent', async () => {
    const { instance, handler } = revenue();

    const response = await handler(kinesisEvent([], { window: WINDOW, state: { sum: 42, count: 6 }, final: true }));

    expect(response).toEqual({ state: { sum: 42, count: 6 }, batchItemFailures: [] });
    expect(instance.ended.map((end) => end.totals)).toEqual([{ sum: 42, count: 6 }]);
  });

  it('does not run the end method before the final invocation', async () => {
    const { instance, handler } = revenue();

    await handler(kinesisEvent([paid(3)], { window: WINDOW }));

    expect(instance.ended).toEqual([]);
  });

  it('says in processBatch that the window ended', async () => {
    const { handler } = revenue();

    const report = await handler.processBatch(kinesisEvent([paid(3)], { window: WINDOW, final: true }));

    expect(report.window).toMatchObject({ final: true, ended: true, state: { sum: 3, count: 1 } });
  });

  it('fails when the end method rejects, with a WindowEndError whose cause is the rejection, so Lambda retries it', async () => {
    const { instance, handler } = revenue();
    const failure = new Error('table unavailable');
    instance.closing = () => Promise.reject(failure);
    const event = kinesisEvent([paid(3)], { window: WINDOW, final: true });

    const rejection = await handler(event).catch((error: unknown) => error);

    expect(rejection).toBeInstanceOf(WindowEndError);
    expect((rejection as WindowEndError).message).toBe(
      "Revenue.close failed at the end of the window 2026-11-28T10:00:00Z to 2026-11-28T10:05:00Z of shardId-000000000000; the invocation fails so that Lambda retries the window's final invocation",
    );
    expect((rejection as WindowEndError).cause).toBe(failure);
  });

  it('fails when the end method throws synchronously', async () => {
    @StreamHandler()
    class Throwing {
      @OnRecord('order.paid')
      paid(order: { total: number }): number {
        return order.total;
      }

      @WindowReduce()
      add(totals: Totals, total: number): Totals {
        return { sum: (totals.sum ?? 0) + total };
      }

      @OnWindowEnd()
      close(): void {
        throw new TypeError('no table');
      }
    }
    const handler = createHandler([Throwing], { logger: captureLogger() });

    await expect(handler(kinesisEvent([paid(3)], { window: WINDOW, final: true }))).rejects.toThrow(WindowEndError);
  });

  it('ends the window when Lambda retries the final invocation after the end method failed', async () => {
    const { instance, handler } = revenue();
    const event = kinesisEvent([paid(3)], { window: WINDOW, state: { sum: 1, count: 1 }, final: true });
    instance.closing = () => Promise.reject(new Error('table unavailable'));
    await handler(event).catch(() => undefined);
    instance.closing = () => undefined;

    const response = await handler(event);

    expect(response.state).toEqual({ sum: 4, count: 2 });
    expect(instance.ended.map((end) => end.totals)).toEqual([{ sum: 4, count: 2 }]);
  });

  it('rejects in processBatch too, as the handler does', async () => {
    const { instance, handler } = revenue();
    instance.closing = () => Promise.reject(new Error('table unavailable'));

    await expect(handler.processBatch(kinesisEvent([paid(3)], { window: WINDOW, final: true }))).rejects.toThrow(WindowEndError);
  });

  it('logs why the invocation fails', async () => {
    const logger = captureLogger();
    const instance = new Revenue();
    instance.closing = () => Promise.reject(new Error('table unavailable'));
    const handler = createHandler([instance], { logger });

    await handler(kinesisEvent([paid(3)], { window: WINDOW, final: true })).catch(() => undefined);

    const errors = logger.entries.filter((entry) => entry.level === 'error');

    expect(errors.map((entry) => entry.message)).toEqual([
      "the tumbling window could not be settled; the invocation fails so that Lambda retries it with the window's state as it was",
    ]);
    expect(errors[0].fields?.error).toBeInstanceOf(WindowEndError);
  });
});

describe('a final invocation with records to retry', () => {
  it('fails with a WindowEndError naming them, without running the end method, so the window ends only with all its records', async () => {
    const { instance, handler } = revenue({ onFailure: 'continue' });
    const event = kinesisEvent([paid(3), paid(4, { fail: true }), paid(5)], { window: WINDOW, final: true });

    const rejection = (await handler(event).catch((error: unknown) => error)) as WindowEndError;

    expect(rejection).toBeInstanceOf(WindowEndError);
    expect(rejection.message).toBe(
      'the final invocation of the window 2026-11-28T10:00:00Z to 2026-11-28T10:05:00Z of shardId-000000000000 has 1 record to retry, so its state is not the whole window yet: ' +
        "Revenue.close did not run, and the invocation fails so that Lambda retries it with the window's state",
    );
    expect(rejection.failures.map((failure) => failure.sequenceNumber)).toEqual([event.Records[1].kinesis.sequenceNumber]);
    expect((rejection.cause as Error).message).toBe('payment lookup failed');
    expect(instance.ended).toEqual([]);
  });

  it('fails the same way when the deadline left records unfinished', async () => {
    @StreamHandler()
    class Slow {
      ended = 0;

      @OnRecord('order.paid')
      async paid(order: { total: number; wait?: number }, { signal }: { signal: AbortSignal }): Promise<number> {
        if (order.wait !== undefined) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, order.wait);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return order.total;
      }

      @WindowReduce()
      add(totals: Totals, total: number): Totals {
        return { sum: (totals.sum ?? 0) + total };
      }

      @OnWindowEnd()
      close(): void {
        this.ended++;
      }
    }
    const slow = new Slow();
    const handler = createHandler([slow], { logger: captureLogger(), deadlineMarginMs: 100 });
    const event = kinesisEvent([paid(3), paid(4, { wait: 5_000 })], { window: WINDOW, final: true });

    await expect(handler(event, lambdaContext({ remainingTimeMs: 300 }))).rejects.toThrow(WindowEndError);
    expect(slow.ended).toBe(0);
  });
});

describe('a window Lambda terminated early', () => {
  it('is ended with the state so far, and the end method is told it was terminated early', async () => {
    const { instance, handler } = revenue();

    const response = await handler(kinesisEvent([paid(3)], { window: WINDOW, state: { sum: 1, count: 1 }, terminatedEarly: true }));

    expect(response.state).toEqual({ sum: 4, count: 2 });
    expect(instance.ended.map(({ totals, window }) => ({ totals, final: window.final, terminatedEarly: window.terminatedEarly }))).toEqual([
      { totals: { sum: 4, count: 2 }, final: false, terminatedEarly: true },
    ]);
  });

  it('is ended once when the invocation is also the final one', async () => {
    const { instance, handler } = revenue();

    await handler(kinesisEvent([paid(3)], { window: WINDOW, final: true, terminatedEarly: true }));

    expect(instance.ended.map(({ window }) => [window.final, window.terminatedEarly])).toEqual([[true, true]]);
  });
});
