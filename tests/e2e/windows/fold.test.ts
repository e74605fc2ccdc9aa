/**
 * What enters a tumbling window's state: the return values of the routes of the class with
 * `@WindowReduce`, folded in batch order, for the records Lambda will not deliver again, and
 * nothing else. Driven through the exported handler with whole window events.
 */
import 'reflect-metadata';
import {
  createHandler,
  InvalidEventError,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  OnUnmatched,
  RecordError,
  StreamHandler,
  UseInterceptors,
  type HandlerOptions,
  type Interceptor,
  type RecordContext,
} from 'shardline';
import { OnWindowEnd, WindowReduce } from 'shardline/windows';
import { aggregateRecords, kinesisEvent, lambdaContext, type RecordSpec } from 'shardline/testing';
import { captureLogger } from '../../support/capture-logger';

const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };

interface Sale {
  type: 'sale';
  id: string;
  amount: number;
  /** Milliseconds the route waits before it returns (so that later records finish first). */
  wait?: number;
  fail?: boolean;
}

interface Ledger {
  ids?: string[];
  sum?: number;
}

function sale(id: string, amount: number, extra: Partial<Sale> = {}): RecordSpec {
  return { data: { type: 'sale', id, amount, ...extra }, partitionKey: `key-${id}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A ledger of sales: each sale contributes its id and amount; the reducer keeps the ids in the order it folds them. */
@StreamHandler()
class Sales {
  @OnRecord('sale')
  async sold(payload: Sale): Promise<{ id: string; amount: number }> {
    if (payload.wait !== undefined) await sleep(payload.wait);
    if (payload.fail === true) throw new Error(`sale ${payload.id} failed`);
    return { id: payload.id, amount: payload.amount };
  }

  @WindowReduce()
  add(ledger: Ledger, { id, amount }: { id: string; amount: number }): Ledger {
    return { ids: [...(ledger.ids ?? []), id], sum: (ledger.sum ?? 0) + amount };
  }

  @OnWindowEnd()
  close(): void {}
}

function handlerOf(handlers: Array<object | (new () => object)>, options: HandlerOptions = {}) {
  return createHandler(handlers, { logger: captureLogger(), ...options });
}

describe('the state a window invocation hands back', () => {
  it('folds what each route returned into the state Lambda sent, and lists no failure', async () => {
    const handler = handlerOf([Sales]);
    const event = kinesisEvent([sale('a', 3), sale('b', 4)], { window: WINDOW, state: { ids: ['earlier'], sum: 10 } });

    const response = await handler(event);

    expect(response).toEqual({ state: { ids: ['earlier', 'a', 'b'], sum: 17 }, batchItemFailures: [] });
  });

  it('starts a new window from the empty state Lambda opens it with', async () => {
    const handler = handlerOf([Sales]);

    const response = await handler(kinesisEvent([sale('a', 3)], { window: WINDOW }));

    expect(response.state).toEqual({ ids: ['a'], sum: 3 });
  });

  it('folds in batch order although later records finished first', async () => {
    const handler = handlerOf([Sales], { ordering: 'none', concurrency: 3 });
    const event = kinesisEvent([sale('a', 1, { wait: 30 }), sale('b', 1, { wait: 15 }), sale('c', 1)], { window: WINDOW });

    const response = await handler(event);

    expect(response.state).toEqual({ ids: ['a', 'b', 'c'], sum: 3 });
  });

  it('leaves out the failed record and every record after it, even those that succeeded under onFailure continue', async () => {
    const handler = handlerOf([Sales], { onFailure: 'continue' });
    const event = kinesisEvent([sale('a', 1), sale('b', 2, { fail: true }), sale('c', 4)], { window: WINDOW, state: { ids: [], sum: 0 } });

    const response = await handler(event);

    expect(response).toEqual({ state: { ids: ['a'], sum: 1 }, batchItemFailures: [{ itemIdentifier: event.Records[1].kinesis.sequenceNumber }] });
  });

  it.each([
    ['not decimal', 'not a number'],
    ['empty', ''],
  ])('refuses the event when a record it compares with the reported one has a sequence number that is %s', async (_name, sequenceNumber) => {
    const handler = handlerOf([Sales], { onFailure: 'continue' });
    const event = kinesisEvent([sale('a', 3), sale('b', 4, { fail: true }), sale('c', 5)], { window: WINDOW, state: {} });
    (event.Records[0].kinesis as { sequenceNumber: string }).sequenceNumber = sequenceNumber;

    const error = await handler(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/^Records\[0\]\.kinesis\.sequenceNumber must be a decimal string/);
  });

  it('leaves out every sub-record of a KPL aggregate when one of them failed, those before it included', async () => {
    const handler = handlerOf([Sales], { onFailure: 'continue', ordering: 'partition-key' });
    const aggregate = aggregateRecords([
      { partitionKey: 'x', data: JSON.stringify({ type: 'sale', id: 'agg-0', amount: 10 }) },
      { partitionKey: 'y', data: JSON.stringify({ type: 'sale', id: 'agg-1', amount: 20, fail: true }) },
    ]);
    const event = kinesisEvent([sale('a', 1), { data: aggregate, partitionKey: 'x' }, sale('c', 4)], { window: WINDOW });

    const response = await handler(event);

    expect(response).toEqual({ state: { ids: ['a'], sum: 1 }, batchItemFailures: [{ itemIdentifier: event.Records[1].kinesis.sequenceNumber }] });
  });

  it('folds the sub-records of an aggregate that completed, in their order', async () => {
    const handler = handlerOf([Sales]);
    const aggregate = aggregateRecords([
      { partitionKey: 'x', data: JSON.stringify({ type: 'sale', id: 'agg-0', amount: 10 }) },
      { partitionKey: 'y', data: JSON.stringify({ type: 'sale', id: 'agg-1', amount: 20 }) },
    ]);

    const response = await handler(kinesisEvent([sale('a', 1), { data: aggregate, partitionKey: 'x' }], { window: WINDOW }));

    expect(response.state).toEqual({ ids: ['a', 'agg-0', 'agg-1'], sum: 31 });
  });

  it('hands back the state it was given when every record failed, and throwOnFullBatchFailure is off', async () => {
    const handler = handlerOf([Sales], { onFailure: 'continue' });
    const event = kinesisEvent([sale('a', 1, { fail: true }), sale('b', 2, { fail: true })], { window: WINDOW, state: { ids: ['earlier'], sum: 5 } });

    const response = await handler(event);

    expect(response.state).toEqual({ ids: ['earlier'], sum: 5 });
    expect(response.batchItemFailures).toHaveLength(2);
  });

  it('counts nothing of a record that was skipped by a policy, or whose route returned nothing', async () => {
    @StreamHandler()
    class Counted {
      @OnRecord('count')
      count(payload: { n: number }): number | undefined {
        return payload.n === 0 ? undefined : payload.n;
      }

      @WindowReduce()
      add(state: { total?: number; folds?: number }, n: number) {
        return { total: (state.total ?? 0) + n, folds: (state.folds ?? 0) + 1 };
      }

      @OnWindowEnd()
      close(): void {}
    }
    const handler = handlerOf([Counted], { unmatched: 'skip', invalid: 'skip' });
    const event = kinesisEvent(
      [
        { data: { type: 'count', n: 2 } },
        { data: { type: 'other', n: 100 } },
        { data: 'not json' },
        { data: { type: 'count', n: 0 } },
        { data: { type: 'count', n: 5 } },
      ],
      { window: WINDOW },
    );

    const response = await handler(event);

    expect(response).toEqual({ state: { total: 7, folds: 2 }, batchItemFailures: [] });
  });

  it('folds what @OnInvalid and @OnUnmatched routes of the class return, like any route', async () => {
    @StreamHandler()
    class Tally {
      @OnRecord('known')
      known(): string {
        return 'known';
      }

      @OnUnmatched()
      other(): string {
        return 'unmatched';
      }

      @OnInvalid()
      invalid(error: RecordError): string {
        expect(error).toBeInstanceOf(RecordError);
        return 'invalid';
      }

      @WindowReduce()
      add(state: Record<string, number>, kind: string) {
        return { ...state, [kind]: (state[kind] ?? 0) + 1 };
      }

      @OnWindowEnd()
      close(): void {}
    }
    const handler = handlerOf([Tally]);

    const response = await handler(
      kinesisEvent([{ data: { type: 'known' } }, { data: { type: 'new' } }, { data: '{oops' }, { data: { type: 'known' } }], { window: WINDOW }),
    );

    expect(response.state).toEqual({ known: 2, unmatched: 1, invalid: 1 });
  });

  it('folds only the routes of the class with @WindowReduce: what other classes return is not a contribution', async () => {
    @StreamHandler()
    class Audit {
      @OnPartitionKey(/^audit-/)
      audit(): { id: string; amount: number } {
        return { id: 'audit', amount: 1000 };
      }
    }
    const handler = handlerOf([Sales, Audit]);

    const response = await handler(kinesisEvent([sale('a', 1), { data: { kind: 'login' }, partitionKey: 'audit-7' }], { window: WINDOW }));

    expect(response.state).toEqual({ ids: ['a'], sum: 1 });
  });

  it('folds what the interceptors around a route return, since that is what the route returned', async () => {
    const doubled: Interceptor = async (_call, next) => {
      const result = (await next()) as { id: string; amount: number };
      return { ...result, amount: result.amount * 2 };
    };
    @StreamHandler()
    class Doubled {
      @OnRecord('sale')
      @UseInterceptors(doubled)
      sold(payload: Sale) {
        return { id: payload.id, amount: payload.amount };
      }

      @WindowReduce()
      add(ledger: Ledger, { amount }: { amount: number }): Ledger {
        return { sum: (ledger.sum ?? 0) + amount };
      }

      @OnWindowEnd()
      close(): void {}
    }

    const response = await handlerOf([Doubled])(kinesisEvent([sale('a', 3)], { window: WINDOW }));

    expect(response.state).toEqual({ sum: 6 });
  });

  it('never changes the event: the reducer works on a copy of its state, so the same event gives the same answer twice', async () => {
    @StreamHandler()
    class InPlace {
      @OnRecord('sale')
      sold(payload: Sale): number {
        return payload.amount;
      }

      @WindowReduce()
      add(state: { amounts: number[] }, amount: number) {
        state.amounts.push(amount);
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }
    const handler = handlerOf([InPlace]);
    const event = kinesisEvent([sale('a', 3)], { window: WINDOW, state: { amounts: [1] } });

    const first = await handler(event);
    const second = await handler(event);

    expect(first.state).toEqual({ amounts: [1, 3] });
    expect(second.state).toEqual({ amounts: [1, 3] });
    expect(event.state).toEqual({ amounts: [1] });
  });

  it('reports the state and the window through processBatch', async () => {
    const handler = handlerOf([Sales]);

    const report = await handler.processBatch(kinesisEvent([sale('a', 3)], { window: WINDOW, shardId: 'shardId-000000000004' }));

    expect(report.window).toEqual({
      start: WINDOW.start,
      end: WINDOW.end,
      shardId: 'shardId-000000000004',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/shardline-test',
      final: false,
      terminatedEarly: false,
      state: { ids: ['a'], sum: 3 },
      ended: false,
    });
    expect(report.response.state).toEqual(report.window?.state);
  });
});

describe('the deadline of a window invocation', () => {
  it('keeps out of the state the records it stopped, and those still running when it came', async () => {
    @StreamHandler()
    class Slow {
      @OnRecord('sale')
      async sold(payload: Sale, { signal }: RecordContext): Promise<number> {
        if (payload.wait !== undefined) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, payload.wait);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return payload.amount;
      }

      @WindowReduce()
      add(ledger: Ledger, amount: number): Ledger {
        return { sum: (ledger.sum ?? 0) + amount };
      }

      @OnWindowEnd()
      close(): void {}
    }
    const handler = handlerOf([Slow], { deadlineMarginMs: 100 });
    const event = kinesisEvent([sale('a', 1), sale('b', 2, { wait: 5_000 }), sale('c', 4)], { window: WINDOW });

    const report = await handler.processBatch(event, lambdaContext({ remainingTimeMs: 300 }));

    expect(report.deadlineReached).toBe(true);
    expect(report.records.map((record) => record.status)).toEqual(['succeeded', 'timed-out', 'not-started']);
    expect(report.response.state).toEqual({ sum: 1 });
  });
});

describe('an event without a window', () => {
  it('is answered without state, and a handler with window methods warns once a cold start that nothing is folded', async () => {
    const logger = captureLogger();
    const handler = createHandler([Sales], { logger });

    const first = await handler(kinesisEvent([sale('a', 1)]));
    await handler(kinesisEvent([sale('b', 1)]));

    expect(first).toEqual({ batchItemFailures: [] });
    expect(logger.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      "Sales.add folds a tumbling window's state, but this event has no window, so what the routes return is not folded; is TumblingWindowInSeconds set on the event source mapping?",
    ]);
  });
});

describe('a handler without window methods', () => {
  @StreamHandler()
  class Plain {
    @OnRecord('sale')
    sold(payload: Sale): number {
      return payload.amount;
    }
  }

  it('hands the state of a window event back unchanged, so Lambda does not count the invocation as failed', async () => {
    const handler = handlerOf([Plain]);

    const response = await handler(kinesisEvent([sale('a', 3)], { window: WINDOW, state: { sum: 282 } }));

    expect(response).toEqual({ state: { sum: 282 }, batchItemFailures: [] });
  });

  it('hands back an empty state when the event has none', async () => {
    const handler = handlerOf([Plain]);
    const event = { ...kinesisEvent([sale('a', 3)], { window: WINDOW }), state: undefined };

    const response = await handler(event);

    expect(response).toEqual({ state: {}, batchItemFailures: [] });
  });

  it('warns once a cold start that the state is passed through', async () => {
    const logger = captureLogger();
    const handler = createHandler([Plain], { logger });

    await handler(kinesisEvent([sale('a', 3)], { window: WINDOW }));
    await handler(kinesisEvent([sale('b', 3)], { window: WINDOW }));

    expect(logger.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      'this event has a tumbling window, but no handler class has a @WindowReduce method (shardline/windows): its state goes back to Lambda unchanged',
    ]);
  });

  it('reports the window through processBatch, with the state handed back and not ended', async () => {
    const handler = handlerOf([Plain]);

    const report = await handler.processBatch(
      kinesisEvent([sale('a', 3)], { window: WINDOW, state: { sum: 282 }, final: true, shardId: 'shardId-000000000004' }),
    );

    expect(report.window).toEqual({
      start: WINDOW.start,
      end: WINDOW.end,
      shardId: 'shardId-000000000004',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/shardline-test',
      final: true,
      terminatedEarly: false,
      state: { sum: 282 },
      ended: false,
    });
    expect(report.response).toEqual({ state: { sum: 282 }, batchItemFailures: [] });
  });

  it('refuses a window event whose window is not { start, end }, as for a handler that folds', async () => {
    const handler = handlerOf([Plain]);
    const event = { ...kinesisEvent([sale('a', 3)], { window: WINDOW }), window: { start: WINDOW.start } };

    await expect(handler(event)).rejects.toThrow(InvalidEventError);
  });

  it('answers a final invocation with records to retry like any other, since it folds nothing', async () => {
    @StreamHandler()
    class Failing {
      @OnRecord('sale')
      sold(): never {
        throw new Error('down');
      }
    }
    const handler = handlerOf([Failing]);
    const event = kinesisEvent([sale('a', 3)], { window: WINDOW, state: { sum: 1 }, final: true });

    const response = await handler(event);

    expect(response).toEqual({ state: { sum: 1 }, batchItemFailures: [{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }] });
  });
});
