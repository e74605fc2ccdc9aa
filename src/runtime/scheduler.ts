/**
 * Runs the records of a batch in the order the `ordering` option allows, with the failure policy
 * applied as records finish. Every mode is O(records): a cursor walks the batch, and under
 * `'partition-key'` a map of the keys that have a record still running (or waiting behind one)
 * and a FIFO of records released by their key's previous record are all the bookkeeping there is.
 */
import type { Ordering } from '../options.js';
import { fulfilledOutcome, Outcome } from './outcome.js';

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
 * Runs `count` records. `keyOf(i)` is record i's partition key, read under `'partition-key'` only
 * while some record is still running. Resolves when every record that was started has finished.
 *
 * @example
 * await runSchedule(batch.size, (unit) => batch.partitionKey(unit), start, state, schedule);
 */
export function runSchedule(count: number, keyOf: (index: number) => string, start: StartRecord, state: ScheduleState, schedule: Schedule): Promise<void> {
  if (schedule.ordering === 'shard') return runInOrder(count, start, state, schedule);
  return runConcurrently(count, schedule.ordering === 'partition-key' ? keyOf : undefined, start, state, schedule);
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
 * Up to `concurrency` records at once, started in batch order. With `keyOf` (partition-key mode) a
 * record starts only once the previous record of its key is done: one the cursor passes while
 * that record still runs waits, and starts (ahead of the cursor) when it succeeds. A failure
 * leaves the rest of its key unstarted, since running it would break the key's order once Lambda
 * redelivers the failed record.
 *
 * Keys are looked at only while something is running: `pending` holds, for each key with a record
 * running or waiting, the last such record, and `behind[i]` the record waiting for record i. A
 * record that completes synchronously leaves nothing behind, so when every record does, no key is
 * read, nothing is kept, and the batch is read front to back as under `'shard'`.
 */
function runConcurrently(
  count: number,
  keyOf: ((index: number) => string) | undefined,
  start: StartRecord,
  state: ScheduleState,
  schedule: Schedule,
): Promise<void> {
  const { outcomes } = state;
  const pending = new Map<string, number>();
  // Made when the first record has to wait.
  let behind: Int32Array | undefined;
  // Waiting records whose previous record has since succeeded, in the order they were released.
  const released: number[] = [];
  let releasedHead = 0;
  let cursor = 0;
  let inFlight = 0;

  return new Promise<void>((resolve) => {
    /** Record `index` succeeded (or was skipped): the record waiting behind it may start, or its key has nothing left pending. */
    const succeed = (index: number, outcome: number): void => {
      outcomes[index] = outcome;
      if (pending.size === 0) return;
      const waiter = behind === undefined ? -1 : behind[index];
      if (waiter !== -1) {
        released.push(waiter);
        return;
      }
      const key = (keyOf as (index: number) => string)(index);
      if (pending.get(key) === index) pending.delete(key);
    };
    /**
     * Record `index` runs past this turn, or failed: later records of its key must wait behind it
     * (for ever, after a failure). A record taken while `pending` was empty is not in it yet; any
     * other started record already is (taken behind others, or released from behind its key's
     * previous record), so `pending` being empty tells the two apart.
     */
    const hold = (index: number): void => {
      if (keyOf !== undefined && pending.size === 0) pending.set(keyOf(index), index);
    };
    /** The next record that may start, or -1. A record the cursor reaches behind a pending one of its key is queued behind it. */
    const take = (): number => {
      if (releasedHead < released.length) return released[releasedHead++];
      while (cursor < count) {
        const index = cursor++;
        if (keyOf === undefined || pending.size === 0) return index;
        const key = keyOf(index);
        const last = pending.get(key);
        pending.set(key, index);
        if (last === undefined) return index;
        behind ??= new Int32Array(count).fill(-1);
        behind[last] = index;
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
          hold(index);
          fail(state, schedule, index, error);
          continue;
        }
        if (typeof result === 'number') {
          succeed(index, result);
          continue;
        }
        hold(index);
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
