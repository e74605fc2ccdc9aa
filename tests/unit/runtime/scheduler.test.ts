import fc from 'fast-check';
import { Outcome } from '../../../src/runtime/outcome';
import { runSchedule, type Schedule, type ScheduleState, type StartRecord } from '../../../src/runtime/scheduler';

function newState(count: number): ScheduleState {
  return { outcomes: new Uint8Array(count), errors: [], halted: false, deadlineReached: false, peakInFlight: 0 };
}

/** Record i's partition key is `keys[i]`. */
function keyOf(keys: readonly string[]): (index: number) => string {
  return (index) => keys[index];
}

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return { ordering: 'shard', concurrency: 1, stopOnFailure: true, startBefore: Infinity, ...overrides };
}

interface Deferred {
  readonly promise: Promise<number>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (value: number) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve: () => resolve(Outcome.succeeded), reject };
}

/** A start function whose records each wait for the test to settle them. */
function controlled(count: number): { start: StartRecord; started: number[]; records: Deferred[] } {
  const records = Array.from({ length: count }, deferred);
  const started: number[] = [];
  return {
    records,
    started,
    start: (index) => {
      started.push(index);
      return records[index].promise;
    },
  };
}

/** Lets every pending promise reaction run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function tracked(promise: Promise<void>): { done: boolean } {
  const state = { done: false };
  void promise.then(() => {
    state.done = true;
  });
  return state;
}

describe('runSchedule under shard ordering', () => {
  it('starts records one at a time in batch order, each after the previous one finished', async () => {
    const { start, started, records } = controlled(3);
    const state = newState(3);

    const run = runSchedule(3, keyOf([]), start, state, schedule());
    expect(started).toEqual([0]);
    records[0].resolve();
    await settle();
    expect(started).toEqual([0, 1]);
    records[1].resolve();
    await settle();
    records[2].resolve();
    await run;

    expect(started).toEqual([0, 1, 2]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);
    expect(state.peakInFlight).toBe(1);
  });

  it('runs a batch of synchronous records to the end within the call, never awaiting one', () => {
    const state = newState(3);

    void runSchedule(3, keyOf([]), () => Outcome.succeeded, state, schedule());

    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);
  });

  it('keeps the outcome a record returns, such as skipped', async () => {
    const state = newState(2);

    await runSchedule(2, keyOf([]), (i) => (i === 0 ? Outcome.skipped : Outcome.succeeded), state, schedule());

    expect(Array.from(state.outcomes)).toEqual([Outcome.skipped, Outcome.succeeded]);
  });

  it('with stopOnFailure, starts nothing after a failure and leaves the rest pending', async () => {
    const error = new Error('boom');
    const started: number[] = [];
    const state = newState(4);

    await runSchedule(
      4,
      keyOf([]),
      (i) => {
        started.push(i);
        if (i === 1) throw error;
        return Outcome.succeeded;
      },
      state,
      schedule(),
    );

    expect(started).toEqual([0, 1]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.failed, Outcome.pending, Outcome.pending]);
    expect(state.errors[1]).toBe(error);
    expect(state.halted).toBe(true);
  });

  it('without stopOnFailure, tries every record after a rejection', async () => {
    const state = newState(3);

    await runSchedule(
      3,
      keyOf([]),
      (i) => (i === 0 ? Promise.reject(new Error('first')) : Promise.resolve(Outcome.succeeded)),
      state,
      schedule({ stopOnFailure: false }),
    );

    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.succeeded, Outcome.succeeded]);
    expect(state.halted).toBe(false);
  });

  it('starts no record when the start-before time has already passed, and marks the schedule halted', async () => {
    const started: number[] = [];
    const state = newState(2);

    await runSchedule(2, keyOf([]), (i) => started.push(i) && Outcome.succeeded, state, schedule({ startBefore: Date.now() - 1 }));

    expect(started).toEqual([]);
    expect(state.halted).toBe(true);
    expect(Array.from(state.outcomes)).toEqual([Outcome.pending, Outcome.pending]);
  });

  it('starts no further record once the start-before time passes between two records', async () => {
    const startBefore = Date.now() + 60_000;
    const started: number[] = [];
    const state = newState(4);
    const now = jest.spyOn(Date, 'now');
    try {
      await runSchedule(
        4,
        keyOf([]),
        (i) => {
          started.push(i);
          if (i === 1) now.mockReturnValue(startBefore);
          return Outcome.succeeded;
        },
        state,
        schedule({ startBefore }),
      );
    } finally {
      now.mockRestore();
    }

    expect(started).toEqual([0, 1]);
    expect(state.halted).toBe(true);
  });

  it('starts nothing new after the schedule is halted from outside while a record runs', async () => {
    const { start, started, records } = controlled(3);
    const state = newState(3);

    const run = runSchedule(3, keyOf([]), start, state, schedule({ stopOnFailure: false }));
    state.halted = true;
    records[0].resolve();
    await run;

    expect(started).toEqual([0]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.pending, Outcome.pending]);
  });

  it('marks a record running while its promise is pending', () => {
    const { start } = controlled(2);
    const state = newState(2);

    void runSchedule(2, keyOf([]), start, state, schedule());

    expect(Array.from(state.outcomes)).toEqual([Outcome.running, Outcome.pending]);
  });
});

describe('runSchedule under none ordering', () => {
  it('starts records in batch order, never more than concurrency at once', async () => {
    const { start, started, records } = controlled(5);
    const state = newState(5);

    const run = runSchedule(5, keyOf([]), start, state, schedule({ ordering: 'none', concurrency: 2 }));
    expect(started).toEqual([0, 1]);
    records[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    records[0].resolve();
    records[2].resolve();
    await settle();
    records[3].resolve();
    records[4].resolve();
    await run;

    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(state.peakInFlight).toBe(2);
  });

  it('resolves only after every started record has finished', async () => {
    const { start, records } = controlled(2);
    const state = newState(2);

    const run = tracked(runSchedule(2, keyOf([]), start, state, schedule({ ordering: 'none', concurrency: 4 })));
    records[1].resolve();
    await settle();
    expect(run.done).toBe(false);
    records[0].resolve();
    await settle();

    expect(run.done).toBe(true);
  });

  it('with stopOnFailure, lets running records finish after a rejection but starts no new one', async () => {
    const { start, started, records } = controlled(4);
    const state = newState(4);

    const run = runSchedule(4, keyOf([]), start, state, schedule({ ordering: 'none', concurrency: 2 }));
    records[0].reject(new Error('boom'));
    await settle();
    expect(started).toEqual([0, 1]);
    records[1].resolve();
    await run;

    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.succeeded, Outcome.pending, Outcome.pending]);
  });

  it('with stopOnFailure, starts nothing after a synchronous throw, even with free slots', async () => {
    const started: number[] = [];
    const state = newState(4);

    await runSchedule(
      4,
      keyOf([]),
      (i) => {
        started.push(i);
        if (i === 1) throw new Error('sync');
        return Promise.resolve(Outcome.succeeded);
      },
      state,
      schedule({ ordering: 'none', concurrency: 8 }),
    );

    expect(started).toEqual([0, 1]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.failed, Outcome.pending, Outcome.pending]);
  });

  it('without stopOnFailure, starts every record whatever fails', async () => {
    const state = newState(4);

    await runSchedule(
      4,
      keyOf([]),
      (i) => {
        if (i % 2 === 0) throw new Error(`sync ${i}`);
        return Promise.reject(new Error(`async ${i}`));
      },
      state,
      schedule({ ordering: 'none', concurrency: 2, stopOnFailure: false }),
    );

    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.failed, Outcome.failed, Outcome.failed]);
    expect(state.errors.map((e) => (e as Error).message)).toEqual(['sync 0', 'async 1', 'sync 2', 'async 3']);
  });

  it('resolves at once for an empty batch', async () => {
    const state = newState(0);

    await runSchedule(0, keyOf([]), () => Outcome.succeeded, state, schedule({ ordering: 'none', concurrency: 4 }));

    expect(state.peakInFlight).toBe(0);
  });
});

describe('runSchedule under partition-key ordering', () => {
  it('starts the first record of every key at once, up to concurrency', () => {
    const keys = ['a', 'b', 'a', 'c', 'd'];
    const { start, started } = controlled(keys.length);

    void runSchedule(keys.length, keyOf(keys), start, newState(keys.length), schedule({ ordering: 'partition-key', concurrency: 3 }));

    expect(started).toEqual([0, 1, 3]);
  });

  it("starts a key's next record only once its previous record succeeded", async () => {
    const keys = ['a', 'a', 'b'];
    const { start, started, records } = controlled(keys.length);

    const run = runSchedule(keys.length, keyOf(keys), start, newState(keys.length), schedule({ ordering: 'partition-key', concurrency: 8 }));
    expect(started).toEqual([0, 2]);
    records[2].resolve();
    await settle();
    expect(started).toEqual([0, 2]);
    records[0].resolve();
    await settle();
    expect(started).toEqual([0, 2, 1]);
    records[1].resolve();
    await run;
  });

  it('runs a key whose records complete synchronously through in one go', async () => {
    const keys = ['k', 'k', 'k'];
    const state = newState(3);

    await runSchedule(3, keyOf(keys), () => Outcome.succeeded, state, schedule({ ordering: 'partition-key', concurrency: 1 }));

    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);
  });

  it('without stopOnFailure, leaves the rest of a failed key pending while other keys go on', async () => {
    const keys = ['a', 'b', 'a', 'b', 'a'];
    const started: number[] = [];
    const state = newState(keys.length);

    await runSchedule(
      keys.length,
      keyOf(keys),
      (i) => {
        started.push(i);
        return i === 0 ? Promise.reject(new Error('a fails')) : Promise.resolve(Outcome.succeeded);
      },
      state,
      schedule({ ordering: 'partition-key', concurrency: 4, stopOnFailure: false }),
    );

    expect(started.sort()).toEqual([0, 1, 3]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.succeeded, Outcome.pending, Outcome.succeeded, Outcome.pending]);
  });

  it('with stopOnFailure, halts every key after a failure', async () => {
    const keys = ['a', 'b', 'b'];
    const { start, started, records } = controlled(keys.length);
    const state = newState(keys.length);

    const run = runSchedule(keys.length, keyOf(keys), start, state, schedule({ ordering: 'partition-key', concurrency: 4 }));
    records[0].reject(new Error('a fails'));
    await settle();
    records[1].resolve();
    await run;

    expect(started).toEqual([0, 1]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.succeeded, Outcome.pending]);
  });

  it('starts records in batch order when slots are scarce, each once the previous record of its key is done', async () => {
    const keys = ['a', 'b', 'a', 'c'];
    const { start, started, records } = controlled(keys.length);

    const run = runSchedule(keys.length, keyOf(keys), start, newState(keys.length), schedule({ ordering: 'partition-key', concurrency: 1 }));
    records[0].resolve();
    await settle();
    records[1].resolve();
    await settle();
    records[2].resolve();
    await settle();
    records[3].resolve();
    await run;

    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('starts a waiting record as soon as its previous record succeeds, ahead of records further on', async () => {
    const keys = ['a', 'a', 'b', 'c', 'd'];
    const { start, started, records } = controlled(keys.length);

    const run = runSchedule(keys.length, keyOf(keys), start, newState(keys.length), schedule({ ordering: 'partition-key', concurrency: 2 }));
    expect(started).toEqual([0, 2]);
    records[0].resolve();
    await settle();
    expect(started).toEqual([0, 2, 1]);
    records[2].resolve();
    await settle();
    expect(started).toEqual([0, 2, 1, 3]);
    for (const index of [1, 3, 4]) records[index].resolve();
    await run;

    expect(started).toEqual([0, 2, 1, 3, 4]);
  });

  it('reads the batch front to back when every record completes synchronously', async () => {
    const keys = ['a', 'b', 'a', 'c', 'b', 'a'];
    const started: number[] = [];

    await runSchedule(
      keys.length,
      keyOf(keys),
      (i) => {
        started.push(i);
        return Outcome.succeeded;
      },
      newState(keys.length),
      schedule({ ordering: 'partition-key', concurrency: 4 }),
    );

    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads no partition key when every record completes synchronously', async () => {
    const read: number[] = [];
    const state = newState(4);

    await runSchedule(
      4,
      (index) => {
        read.push(index);
        return 'k';
      },
      () => Outcome.succeeded,
      state,
      schedule({ ordering: 'partition-key', concurrency: 4 }),
    );

    expect(read).toEqual([]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);
  });

  it('without stopOnFailure, keeps the rest of a key unstarted after a synchronous failure while nothing else runs', async () => {
    const keys = ['a', 'a', 'b', 'a'];
    const started: number[] = [];
    const state = newState(keys.length);

    await runSchedule(
      keys.length,
      keyOf(keys),
      (i) => {
        started.push(i);
        if (i === 0) throw new Error('a fails');
        return Outcome.succeeded;
      },
      state,
      schedule({ ordering: 'partition-key', concurrency: 4, stopOnFailure: false }),
    );

    expect(started).toEqual([0, 2]);
    expect(Array.from(state.outcomes)).toEqual([Outcome.failed, Outcome.pending, Outcome.succeeded, Outcome.pending]);
  });

  it('keeps every key in order and never runs a record after a failure of its key, whatever completes when (model check)', async () => {
    // Each record completes synchronously, or after a number of turns, and succeeds or fails.
    const plan = fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', '__proto__'), turns: fc.constantFrom(-1, 0, 1, 3), fails: fc.boolean() }), {
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(plan, fc.integer({ min: 1, max: 6 }), async (records, concurrency) => {
        const state = newState(records.length);
        const events: Array<[string, number]> = [];
        const start: StartRecord = (index) => {
          const { turns, fails } = records[index];
          events.push(['start', index]);
          if (turns === -1) {
            events.push(['end', index]);
            if (fails) throw new Error(`${index} fails`);
            return Outcome.succeeded;
          }
          return (async () => {
            for (let t = 0; t < turns; t++) await Promise.resolve();
            events.push(['end', index]);
            if (fails) throw new Error(`${index} fails`);
            return Outcome.succeeded;
          })();
        };

        await runSchedule(
          records.length,
          keyOf(records.map((r) => r.key)),
          start,
          state,
          schedule({ ordering: 'partition-key', concurrency, stopOnFailure: false }),
        );

        // A record starts only once the previous record of its key ended successfully.
        const ended = new Set<number>();
        for (const [kind, index] of events) {
          if (kind === 'end') {
            ended.add(index);
            continue;
          }
          const previous = records
            .slice(0, index)
            .map((r) => r.key)
            .lastIndexOf(records[index].key);
          if (previous !== -1) {
            expect(ended.has(previous)).toBe(true);
            expect(state.outcomes[previous]).toBe(Outcome.succeeded);
          }
        }
        // Every record whose key has no failure before it ran, and only those.
        records.forEach((record, index) => {
          const blocked = records.slice(0, index).some((r) => r.key === record.key && r.fails);
          expect(state.outcomes[index]).toBe(blocked ? Outcome.pending : record.fails ? Outcome.failed : Outcome.succeeded);
        });
        expect(state.peakInFlight).toBeLessThanOrEqual(concurrency);
      }),
    );
  });

  it('records the highest number of records in flight', async () => {
    const keys = ['a', 'b', 'c', 'a'];
    const state = newState(keys.length);

    await runSchedule(keys.length, keyOf(keys), () => Promise.resolve(Outcome.succeeded), state, schedule({ ordering: 'partition-key', concurrency: 8 }));

    expect(state.peakInFlight).toBe(3);
  });
});

describe('what halted a schedule', () => {
  it('is a failure, not the deadline, when onFailure stop halts it with time to spare', async () => {
    const state = newState(3);
    const start: StartRecord = (index) => {
      if (index === 0) throw new Error('first fails');
      return Outcome.succeeded;
    };

    await runSchedule(3, keyOf(['a', 'b', 'c']), start, state, schedule({ ordering: 'none', stopOnFailure: true, startBefore: Date.now() + 60_000 }));

    expect([state.halted, state.deadlineReached]).toEqual([true, false]);
  });

  it('is the deadline when the start-before time has passed', async () => {
    const state = newState(2);

    await runSchedule(2, keyOf(['a', 'b']), () => Outcome.succeeded, state, schedule({ ordering: 'shard', startBefore: Date.now() - 1 }));

    expect([state.halted, state.deadlineReached, state.outcomes[0]]).toEqual([true, true, Outcome.pending]);
  });
});
