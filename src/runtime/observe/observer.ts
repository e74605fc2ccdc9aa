/**
 * What an operator sees of each batch, decided once per handler: the fields every log line
 * carries, the batch log line, metrics and traces. With metrics and tracing off (the default),
 * records run exactly as they would without this module: nothing is timed, wrapped or allocated
 * per record.
 */
import type { Logger } from '../../context.js';
import type { Batch } from '../../records/batch.js';
import type { LambdaContext } from '../../types.js';
import type { StartRecord } from '../scheduler.js';
import { outcomeCounts, summarizeBatch, type BatchOutcome, type BatchSummary } from './batch-summary.js';
import { ContextLogger, invocationFields } from './context-logger.js';
import { metricGroups, type MetricsSink } from './metrics.js';
import { ConcurrentRecordTimer, now, SequentialRecordTimer, type RecordTimer } from './record-timer.js';
import { BatchTrace, type TracerLike } from './tracing.js';

/** The level of the one line each batch writes, or `'off'`. */
export const BatchLog = { debug: 'debug', info: 'info', off: 'off' } as const;
export type BatchLog = (typeof BatchLog)[keyof typeof BatchLog];

export interface ObserveSettings {
  readonly logger: Logger;
  readonly batchLog: BatchLog;
  readonly metrics: { readonly sink: MetricsSink; readonly dimensions: Readonly<Record<string, string>> } | undefined;
  readonly tracer: TracerLike | undefined;
  /** Records run one at a time (`ordering: 'shard'`): each is timed with one clock reading. */
  readonly sequential: boolean;
  /** How many routes the table has: once each has its subsegment, records are no longer looked at for tracing. */
  readonly routeCount: number;
}

/** The message of the batch line. */
export const BATCH_LINE = 'batch processed';

/** Milliseconds to the microsecond: enough for any reader, and shorter to write. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * One per handler: knows whether the next invocation is the first (a cold start), and starts the
 * observation of each batch.
 *
 * @example
 * const observer = new Observer({ logger, batchLog: 'info', metrics: undefined, tracer: undefined });
 * const observation = observer.begin(batch, lambda, performance.now());
 */
export class Observer {
  private coldStart = true;

  constructor(private readonly settings: ObserveSettings) {}

  /** `startedAt`: `performance.now()` when the invocation started, before the event was read. */
  begin(batch: Batch, lambda: LambdaContext | undefined, startedAt: number): BatchObservation {
    const coldStart = this.coldStart;
    this.coldStart = false;
    return new BatchObservation(this.settings, batch, new ContextLogger(this.settings.logger, invocationFields(lambda, batch, coldStart)), startedAt);
  }
}

/**
 * The observation of one batch: its logger, the timing of its records (only with metrics or a
 * tracer) and, when it ends, the batch line, the metrics and the trace. Nothing here ever throws
 * into the batch.
 */
export class BatchObservation {
  /** Every line of the invocation goes through it: request id, function name, cold start, shard. */
  readonly logger: ContextLogger;
  private readonly startedAtEpoch: number;
  private readonly durations: Float64Array | undefined;
  private readonly timer: RecordTimer | undefined;
  private readonly trace: BatchTrace | undefined;
  private endedAt: number | undefined;

  constructor(
    private readonly settings: ObserveSettings,
    private readonly batch: Batch,
    logger: ContextLogger,
    private readonly startedAt: number,
  ) {
    this.logger = logger;
    this.startedAtEpoch = Date.now() - (now() - startedAt);
    this.durations = settings.metrics === undefined ? undefined : new Float64Array(batch.size).fill(NaN);
    this.timer =
      this.durations === undefined ? undefined : settings.sequential ? new SequentialRecordTimer(this.durations) : new ConcurrentRecordTimer(this.durations);
    this.trace = settings.tracer === undefined ? undefined : BatchTrace.begin(settings.tracer);
  }

  /**
   * `start` as it is when nothing is measured; else `start` timing each record (into the
   * durations metrics read) and opening each route's subsegment as its first record starts.
   * `routes[i]` is the route record i took, as the dispatcher writes it.
   */
  observe(start: StartRecord, routes: ReadonlyArray<string | undefined>): StartRecord {
    let observed = this.timer === undefined ? start : this.timer.wrap(start);
    if (this.trace !== undefined) observed = this.trace.wrap(observed, routes, this.settings.routeCount);
    return observed;
  }

  /** The batch's records are done, or the deadline ended it: what is measured ends here, before the batch's lines are written. */
  settled(): void {
    this.endedAt = now();
    this.timer?.settle();
  }

  /** Writes the batch line and the metrics, and closes the trace. */
  end(run: BatchOutcome): void {
    const { batchLog, metrics } = this.settings;
    if (batchLog === 'off' && metrics === undefined && this.trace === undefined) return;
    let summary: BatchSummary;
    try {
      summary = summarizeBatch(this.batch, run, {
        startedAt: this.startedAtEpoch,
        durationMs: round((this.endedAt ?? now()) - this.startedAt),
        durations: this.durations,
      });
    } catch (error) {
      this.logger.warn('shardline could not summarise the batch for its log line, metrics and trace', { error });
      return;
    }
    if (batchLog !== 'off') this.logger.log(batchLog, BATCH_LINE, batchLine(summary));
    if (metrics !== undefined) {
      try {
        metrics.sink.publish(metricGroups(summary, metrics.dimensions));
      } catch (error) {
        this.logger.warn('shardline could not write the batch metrics', { error });
      }
    }
    this.trace?.end(summary);
  }
}

/**
 * The fields of the batch line: counts by outcome, the same by route, duration, the oldest record's
 * age, whether the deadline stopped the batch.
 *
 * @example
 * batchLine(summary);
 * // { records: 3, outcomes: { succeeded: 2, failed: 1 }, routes: { 'Orders.created': { succeeded: 2, failed: 1 } }, durationMs: 4.2, oldestRecordAgeMs: 1250, deadlineReached: false }
 */
export function batchLine(summary: BatchSummary): Record<string, unknown> {
  const routes: Record<string, unknown> = {};
  for (const route of summary.routes) {
    // Defined, not assigned: a route id is a class name, and a class may be named __proto__.
    Object.defineProperty(routes, route.route, { value: outcomeCounts(route.counts), enumerable: true, writable: true, configurable: true });
  }
  return {
    records: summary.records,
    outcomes: outcomeCounts(summary.counts),
    routes,
    durationMs: summary.durationMs,
    ...(summary.oldestRecordAgeMs !== undefined && { oldestRecordAgeMs: summary.oldestRecordAgeMs }),
    deadlineReached: summary.deadlineReached,
  };
}
