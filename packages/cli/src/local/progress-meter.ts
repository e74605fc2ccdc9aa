/**
 * Holds a run's counters and turns them, with the shards' states, into progress snapshots (with the
 * processing rate since the last progress event) and the final summary.
 */
import type { RunCounters, RunProgress, RunSummary, ShardProgress } from './mapping-events.js';

/** The counters of a run that has done nothing yet. */
export function createCounters(): RunCounters {
  return {
    elapsedMs: 0,
    invocations: 0,
    recordsDelivered: 0,
    recordsProcessed: 0,
    recordsRedelivered: 0,
    batchesSucceeded: 0,
    partialFailures: 0,
    functionErrors: 0,
    timeouts: 0,
    invalidResponses: 0,
    retries: 0,
    bisections: 0,
    recordsDiscarded: 0,
    onFailureRecords: 0,
    ignoredItemFailures: 0,
    windowsClosed: 0,
    windowsTerminatedEarly: 0,
  };
}

/** A run's counters and clock. */
export class ProgressMeter {
  /** Incremented in place by the parts of the run. */
  readonly counters = createCounters();
  private readonly startedAt = Date.now();
  private lastInterval = { at: Date.now(), processed: 0 };

  /** Counters and shards right now; the rate is over the time since the last {@link nextInterval}. */
  snapshot(shards: ShardProgress[]): RunProgress {
    const now = Date.now();
    const seconds = (now - this.lastInterval.at) / 1000;
    return {
      ...this.counters,
      elapsedMs: now - this.startedAt,
      recordsPerSecond: seconds > 0 ? Math.round((this.counters.recordsProcessed - this.lastInterval.processed) / seconds) : 0,
      shards,
    };
  }

  /** Starts a new rate interval, after a progress event was sent. */
  nextInterval(): void {
    this.lastInterval = { at: Date.now(), processed: this.counters.recordsProcessed };
  }

  summary(run: Pick<RunSummary, 'streamName' | 'streamArn' | 'stoppedBy' | 'shards'>): RunSummary {
    return { ...this.counters, elapsedMs: Date.now() - this.startedAt, ...run };
  }
}
