/**
 * Runs the records of a batch in the order the `ordering` option allows, with the failure policy
 * applied as records finish. Every mode is O(records): partition keys are threaded into linked
 * lists once, a cursor walks the batch, and a FIFO of records released by their key's previous
 * record is all the bookkeeping there is.
 */
import type { Ordering } from '../options.js';
import { fulfilledOutcome, isDone, Outcome } from './outcome.js';

/**
 * Starts record `index`: its outcome when it completes synchronously, else a promise that fulfils
 * when it succeeded (with `SKIPPED` when it was skipped); a throw or a rejection when it failed.
 */
export type StartRecord = (index: number) => number | Promise<unknown>;

/** The state a schedule writes to; the batch builds its response from it. */
export interface ScheduleState {
  readonly outcomes: Uint8Array;
  readonly errors: unknown[];
  /** Set by the failure policy (`'stop'`) or by the deadline: no record may start once it is. */
  halted: boolean;
  /** Set when the deadline (not a failure) halted the schedule. */
  deadlineReached: boolean;
  /** Highest number of records running at once, for reports and invariant tests. */
  peakInFlight: number;
}

export interface Schedule {
  readonly ordering: Ordering;
  readonly concurrency: number;
  readonly stopOnFailure: boolean;
  /** Epoch ms after which no record starts; `Infinity` when there is no deadline. */
  readonly startBefore: number;
}

/**
 * Runs `count` records. `keys[i]` is record i's partition key (only read under
 * `'partition-key'`). Resolves when every record that was started has finished.
 *
 * @example
 * await runSchedule(batch.size, batch.partitionKeys(), start, state, schedule);
 */
export function runSchedule(count: number, keys: readonly string[], start: StartRecord, state: ScheduleState, schedule: Schedule): Promise<void> {
  if (schedule.ordering === 'shard') return runInOrder(count, start, state, schedule);
  const next = schedule.ordering === 'partition-key' ? chainByKey(keys) : undefined;
  return runConcurrently(count, next, start, state, schedule);
}

function fail(state: ScheduleState, schedule: Schedule, index: number, error: unknown): void {
  state.outcomes[index] = Outcome.failed;
  state.errors[index] = error;
  if (schedule.stopOnFailure) state.halted = true;
}

function mayStart(state: ScheduleState, schedule: Schedule): boolean {
  if (state.halted) return false;
  if (schedule.startBefore !== Infinity && Date.now() >= schedule.startBefore) {
    state.halted = true;
    state.deadlineReached = true;
    return false;
  }
  return true;
}

/** One at a time, in batch order; a record that completes synchronously is never awaited. */
async function runInOrder(count: number, start: StartRecord, state: ScheduleState, schedule: Schedule): Promise<void> {
  const { outcomes } = state;
  if (count > 0) state.peakInFlight = 1;
  for (let i = 0; i < count; i++) {
    if (!mayStart(state, schedule)) return;
    outcomes[i] = Outcome.running;
    let result: number;
    try {
      const started = start(i);
      result = typeof started === 'number' ? started : fulfilledOutcome(await started);
    } catch (error) {
      fail(state, schedule, i, error);
      continue;
    }
    outcomes[i] = result;
  }
}

/**
 * For each record, the next record of the same partition key (-1 for the last): one pass. The map
 * gives each key a slot once, and the last index of each key is kept in an array by slot, so a key
 * seen before costs one map lookup, not a lookup and an update.
 */
export function chainByKey(keys: readonly string[]): Int32Array {
  const next = new Int32Array(keys.length).fill(-1);
  const slotOf = new Map<string, number>();
  const lastOf = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const slot = slotOf.get(keys[i]);
    if (slot === undefined) {
      lastOf[slotOf.size] = i;
      slotOf.set(keys[i], slotOf.size);
    } else {
      next[lastOf[slot]] = i;
      lastOf[slot] = i;
    }
  }
  return next;
}

/** For each record, the previous record of the same partition key (-1 for the first), from `chainByKey`'s links. */
function previousOf(next: Int32Array): Int32Array {
  const previous = new Int32Array(next.length).fill(-1);
  for (let i = 0; i < next.length; i++) if (next[i] !== -1) previous[next[i]] = i;
  return previous;
}

/**
 * Up to `concurrency` records at once, started in batch order. With `next` (partition-key mode) a
 * record starts only once the previous record of its key is done: one the cursor passes while
 * that record still runs waits, and starts (ahead of the cursor) when it succeeds. A failure
 * leaves the rest of its key unstarted, since running it would break the key's order once Lambda
 * redelivers the failed record. When records complete synchronously, this is the order of
 * `'shard'`, and the batch is read front to back.
 */
function runConcurrently(count: number, next: Int32Array | undefined, start: StartRecord, state: ScheduleState, schedule: Schedule): Promise<void> {
  const { outcomes } = state;
  const previous = next === undefined ? undefined : previousOf(next);
  const waiting = new Uint8Array(next === undefined ? 0 : count);
  // Waiting records whose previous record has since succeeded, in the order they were released.
  const released = new Int32Array(next === undefined ? 0 : count);
  let releasedHead = 0;
  let releasedEnd = 0;
  let cursor = 0;
  let inFlight = 0;

  return new Promise<void>((resolve) => {
    const succeed = (index: number, outcome: number): void => {
      outcomes[index] = outcome;
      if (next !== undefined && next[index] !== -1 && waiting[next[index]] === 1) released[releasedEnd++] = next[index];
    };
    const take = (): number => {
      if (releasedHead < releasedEnd) return released[releasedHead++];
      while (cursor < count) {
        const index = cursor++;
        if (previous === undefined || previous[index] === -1 || isDone(outcomes[previous[index]])) return index;
        waiting[index] = 1;
      }
      return -1;
    };
    const pump = (): void => {
      while (inFlight < schedule.concurrency && mayStart(state, schedule)) {
        const index = take();
        if (index === -1) break;
        outcomes[index] = Outcome.running;
        let result: number | Promise<unknown>;
        try {
          result = start(index);
        } catch (error) {
          fail(state, schedule, index, error);
          continue;
        }
        if (typeof result === 'number') {
          succeed(index, result);
          continue;
        }
        inFlight++;
        if (inFlight > state.peakInFlight) state.peakInFlight = inFlight;
        result.then(
          (value) => {
            inFlight--;
            succeed(index, fulfilledOutcome(value));
            pump();
          },
          (error: unknown) => {
            inFlight--;
            fail(state, schedule, index, error);
            pump();
          },
        );
      }
      if (inFlight === 0) resolve();
    };
    pump();
  });
}
