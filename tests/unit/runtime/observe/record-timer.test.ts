import { ConcurrentRecordTimer, SequentialRecordTimer } from '../../../../src/runtime/observe/record-timer';
import { Outcome } from '../../../../src/runtime/outcome';

const done = () => Outcome.succeeded;

describe('SequentialRecordTimer', () => {
  it('ends each record when the next one starts, and the last when the batch settles', () => {
    const durations = new Float64Array(3).fill(NaN);
    const timer = new SequentialRecordTimer(durations);
    const start = timer.wrap(done);

    void start(0);
    void start(1);
    const beforeSettle = Array.from(durations, (d) => Number.isNaN(d));
    timer.settle();

    expect(beforeSettle).toEqual([false, true, true]);
    expect(Array.from(durations, (d) => d >= 0)).toEqual([true, true, false]);
  });

  it('times a record that throws like one that returns', () => {
    const durations = new Float64Array(2).fill(NaN);
    const timer = new SequentialRecordTimer(durations);
    const start = timer.wrap(() => {
      throw new Error('refused');
    });

    expect(() => start(0)).toThrow('refused');
    timer.settle();

    expect(durations[0]).toBeGreaterThanOrEqual(0);
  });

  it('settles once: a second settle changes nothing', () => {
    const durations = new Float64Array(1).fill(NaN);
    const timer = new SequentialRecordTimer(durations);
    void timer.wrap(done)(0);
    timer.settle();
    const first = durations[0];

    timer.settle();

    expect(durations[0]).toBe(first);
  });
});

describe('ConcurrentRecordTimer', () => {
  it('times a synchronous record as it returns and an asynchronous one as it settles, rejections included', async () => {
    const durations = new Float64Array(3).fill(NaN);
    let rejectLater: (error: Error) => void = () => undefined;
    const start = new ConcurrentRecordTimer(durations).wrap((index) => {
      if (index === 0) return Outcome.succeeded;
      if (index === 1) return Promise.resolve('value');
      return new Promise((_resolve, reject) => {
        rejectLater = reject;
      });
    });

    void start(0);
    const second = start(1);
    const third = start(2);
    const pendingThird = Number.isNaN(durations[2]);
    await expect(second).resolves.toBe('value');
    rejectLater(new Error('refused'));
    await expect(third).rejects.toThrow('refused');

    expect(pendingThird).toBe(true);
    expect(Array.from(durations, (d) => d >= 0)).toEqual([true, true, true]);
  });
});
