/**
 * The state itself: a state class (built with class-transformer, validated with class-validator
 * before it goes back), and every way a state cannot go back to Lambda (a reducer that throws or
 * returns no state, a state that is not JSON, one over 1 MB), each failing the invocation with an
 * error that says so rather than handing Lambda a state it would drop, cut or misread.
 */
import 'reflect-metadata';
import { Exclude } from 'class-transformer';
import { IsInt, IsNumber, Min } from 'class-validator';
import { createHandler, OnRecord, StreamHandler } from 'shardline';
import { MAX_WINDOW_STATE_BYTES, OnWindowEnd, WindowReduce, WindowReduceError, WindowStateError, WindowStateTooLargeError } from 'shardline/windows';
import { kinesisEvent, type RecordSpec } from 'shardline/testing';
import { captureLogger } from '../../support/capture-logger';

const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };

const paid = (total: unknown): RecordSpec => ({ data: { type: 'order.paid', total }, partitionKey: 'customer-1' });

class Totals {
  @IsNumber() sum = 0;
  @IsInt() @Min(0) count = 0;
  /** Kept out of the state Lambda stores. */
  @Exclude() scratch?: string;

  average(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}

@StreamHandler()
class Revenue {
  readonly ended: Array<{ totals: Totals; average: number }> = [];

  @OnRecord('order.paid')
  paid(order: { total: number }): number {
    return order.total;
  }

  @WindowReduce({ state: Totals })
  add(totals: Totals, total: number): Totals {
    totals.sum += total;
    totals.count += 1;
    totals.scratch = 'not for Lambda';
    return totals;
  }

  @OnWindowEnd()
  close(totals: Totals): void {
    this.ended.push({ totals, average: totals.average() });
  }
}

const handlerOf = (...handlers: Array<object | (new () => object)>) => createHandler(handlers, { logger: captureLogger() });

describe('a state class', () => {
  it('opens a new window with the initial values of its fields', async () => {
    const response = await handlerOf(Revenue)(kinesisEvent([paid(3)], { window: WINDOW }));

    expect(response.state).toEqual({ sum: 3, count: 1 });
  });

  it('continues from the state Lambda sent, as an instance the reducer and end method can call methods of', async () => {
    const revenue = new Revenue();

    await handlerOf(revenue)(kinesisEvent([paid(4)], { window: WINDOW, state: { sum: 8, count: 2 }, final: true }));

    expect(revenue.ended.map(({ totals, average }) => [totals instanceof Totals, average])).toEqual([[true, 4]]);
  });

  it('hands back a plain object, as class-transformer writes the instance (excluded fields left out)', async () => {
    const response = await handlerOf(Revenue)(kinesisEvent([paid(3)], { window: WINDOW, state: { sum: 1, count: 1 } }));

    expect(response.state).toEqual({ sum: 4, count: 2 });
    expect(Object.getPrototypeOf(response.state)).toBe(Object.prototype);
  });

  it('refuses a state that does not validate, naming the property, so Lambda never stores it', async () => {
    const act = handlerOf(Revenue)(kinesisEvent([paid('three')], { window: WINDOW }));

    await expect(act).rejects.toThrow(
      new WindowStateError('the state is not a valid Totals: sum: sum must be a number conforming to the specified constraints'),
    );
  });

  it('keeps the class-validator errors on the error, without values', async () => {
    const error = (await handlerOf(Revenue)(kinesisEvent([paid('three')], { window: WINDOW })).catch((e: unknown) => e)) as WindowStateError;

    expect(error.errors.map((e): [string, unknown] => [e.property, e.value])).toEqual([['sum', undefined]]);
  });

  it('accepts a reducer that returns a plain object of the class shape', async () => {
    @StreamHandler()
    class Plainly {
      @OnRecord('order.paid')
      paid(order: { total: number }): number {
        return order.total;
      }

      @WindowReduce({ state: Totals })
      add(totals: Totals, total: number) {
        return { sum: totals.sum + total, count: totals.count + 1 };
      }

      @OnWindowEnd()
      close(): void {}
    }

    const response = await handlerOf(Plainly)(kinesisEvent([paid(3)], { window: WINDOW }));

    expect(response.state).toEqual({ sum: 3, count: 1 });
  });
});

/** A reducer scripted per test. */
@StreamHandler()
class Scripted {
  static reduce: (state: object, contribution: unknown) => unknown = (state) => state;

  @OnRecord('order.paid')
  paid(order: { total: unknown }): unknown {
    return order.total;
  }

  @WindowReduce()
  add(state: object, contribution: unknown): unknown {
    return Scripted.reduce(state, contribution);
  }

  @OnWindowEnd()
  close(): void {}
}

describe('a reducer that fails', () => {
  it('fails the invocation with a WindowReduceError naming the record whose contribution it was folding, and the cause', async () => {
    const failure = new RangeError('no such currency');
    Scripted.reduce = (state, total) => {
      if (total === 2) throw failure;
      return state;
    };
    const event = kinesisEvent([paid(1), paid(2)], { window: WINDOW });

    const error = (await handlerOf(Scripted)(event).catch((e: unknown) => e)) as WindowReduceError;

    expect(error).toBeInstanceOf(WindowReduceError);
    expect(error.message).toBe(
      `Scripted.add threw, folding the contribution of record ${event.Records[1].kinesis.sequenceNumber} with partition key "customer-1"`,
    );
    expect(error.sequenceNumber).toBe(event.Records[1].kinesis.sequenceNumber);
    expect(error.cause).toBe(failure);
  });

  it.each([
    ['undefined', () => undefined, 'returned undefined, not the new state'],
    ['a number', () => 3, 'returned a number, not the new state'],
    ['null', () => null, 'returned null, not the new state'],
    ['a promise', (state: object) => Promise.resolve(state), 'returned a promise; a reducer is synchronous'],
  ])('fails the invocation when it returns %s', async (_what, reduce, message) => {
    Scripted.reduce = reduce;

    await expect(handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW }))).rejects.toThrow(message);
  });

  it('rejects in processBatch too', async () => {
    Scripted.reduce = () => {
      throw new Error('broken');
    };

    await expect(handlerOf(Scripted).processBatch(kinesisEvent([paid(1)], { window: WINDOW }))).rejects.toThrow(WindowReduceError);
  });
});

describe('a state Lambda could not keep', () => {
  it('is refused when it is an array', async () => {
    Scripted.reduce = (): unknown => [1, 2];

    await expect(handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW }))).rejects.toThrow(
      new WindowStateError("the state the reducer returned is an array; Lambda keeps a tumbling window's state as a JSON object"),
    );
  });

  it('is refused when it cannot be written as JSON', async () => {
    Scripted.reduce = () => ({ total: 10n });

    const error = await handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WindowStateError);
    expect((error as WindowStateError).message).toBe(
      'the state cannot be written as JSON (TypeError); keep it to strings, numbers, booleans, null, arrays and objects',
    );
  });

  it('is refused when the response passes 1 MB, with its size in the error', async () => {
    Scripted.reduce = () => ({ blob: 'x'.repeat(MAX_WINDOW_STATE_BYTES) });

    const error = (await handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW })).catch((e: unknown) => e)) as WindowStateTooLargeError;

    expect(error).toBeInstanceOf(WindowStateTooLargeError);
    expect(error.bytes).toBe(MAX_WINDOW_STATE_BYTES + '{"state":{"blob":""},"batchItemFailures":[]}'.length);
    expect(error.limit).toBe(1024 * 1024);
    expect(error.message).toContain(
      `the tumbling window's response is ${error.bytes} bytes of JSON, over the 1048576 bytes (1 MB) Lambda keeps for a window's state`,
    );
  });

  it('counts bytes, not characters: a state of multi-byte text passes 1 MB before its length does', async () => {
    Scripted.reduce = () => ({ text: 'é'.repeat(600_000) });

    await expect(handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW }))).rejects.toThrow(WindowStateTooLargeError);
  });

  it('is accepted up to the limit, exactly', async () => {
    const overhead = '{"state":{"blob":""},"batchItemFailures":[]}'.length;
    Scripted.reduce = () => ({ blob: 'x'.repeat(MAX_WINDOW_STATE_BYTES - overhead) });

    const response = await handlerOf(Scripted)(kinesisEvent([paid(1)], { window: WINDOW }));

    expect(Buffer.byteLength(JSON.stringify(response))).toBe(MAX_WINDOW_STATE_BYTES);
  });
});
