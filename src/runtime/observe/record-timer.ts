/**
 * How long each record takes, for the `RecordDuration` metric: only when metrics are on (so only
 * bundles that import `shardline/observability` hold it). A clock read is not free (on Lambda's
 * Firecracker VMs about 85 ns, a few percent of a CPU-bound record), so records run one at a time
 * (`ordering: 'shard'`) read it once each: a record ends when the next one starts, or when the
 * batch settles. Records that run concurrently read it when they start and when they complete.
 */
import type { StartRecord } from '../scheduler.js';

// The performance clock, read once: cheaper per reading than the batch's clock (./clock.js), and
// its perf_hooks load is paid only by handlers that import shardline/observability's metrics.
const clock = globalThis.performance;
const now = (): number => clock.now();

/** Writes each record's duration, in milliseconds, into `durations` (by unit index). */
export interface RecordTimer {
  /** `start`, timing each record. */
  wrap(start: StartRecord): StartRecord;
  /** The batch has settled (its schedule is done, or the deadline ended it): the record still open ends now. */
  settle(): void;
}

/**
 * For records that run one after another: each start reads the clock once, and that reading ends
 * the record before it (through an await when it was asynchronous: a microtask, not a measurable
 * share). The last record ends when the batch settles.
 *
 * @example
 * const timer = new SequentialRecordTimer(durations);
 * runSchedule(count, keys, timer.wrap(start), state, schedule).then(() => timer.settle());
 */
export class SequentialRecordTimer implements RecordTimer {
  private open = -1;
  private openedAt = 0;

  constructor(private readonly durations: Float64Array) {}

  wrap(start: StartRecord): StartRecord {
    return (index) => {
      const at = now();
      if (this.open !== -1) this.durations[this.open] = at - this.openedAt;
      this.open = index;
      this.openedAt = at;
      return start(index);
    };
  }

  settle(): void {
    if (this.open === -1) return;
    this.durations[this.open] = now() - this.openedAt;
    this.open = -1;
  }
}

/**
 * For records that run concurrently: the clock is read when a record starts and when it completes
 * (or throws, or rejects).
 *
 * @example
 * const timed = new ConcurrentRecordTimer(durations).wrap(start);
 */
export class ConcurrentRecordTimer implements RecordTimer {
  constructor(private readonly durations: Float64Array) {}

  wrap(start: StartRecord): StartRecord {
    const durations = this.durations;
    return (index) => {
      const started = now();
      let result: number | Promise<unknown>;
      try {
        result = start(index);
      } catch (error) {
        durations[index] = now() - started;
        throw error;
      }
      if (typeof result === 'number') {
        durations[index] = now() - started;
        return result;
      }
      return result.then(
        (value) => {
          durations[index] = now() - started;
          return value;
        },
        (error: unknown) => {
          durations[index] = now() - started;
          throw error;
        },
      );
    };
  }

  settle(): void {
    // Every record wrote its own duration as it completed.
  }
}
