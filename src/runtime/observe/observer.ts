/**
 * What an operator sees of each batch, decided once per handler: the fields every log line
 * carries, the batch log line, and the plug-ins of `shardline/observability` (metrics, tracing).
 * With no plug-in (the default), records run exactly as they would without this module: nothing is
 * timed, wrapped or allocated per record.
 */
import type { Logger } from '../../context.js';
import type { Batch } from '../../records/batch.js';
import type { LambdaContext } from '../../types.js';
import type { StartRecord } from '../scheduler.js';
import { outcomeCounts, summarizeBatch, type BatchOutcome, type BatchSummary } from './batch-summary.js';
import { now } from './clock.js';
import { ContextLogger, invocationFields } from './context-logger.js';
import { isDisabled } from '../logger.js';
import type { BatchPart, ObserverPlugin, PluginHandler } from './plugin.js';

/** The level of the one line each batch writes, or `'off'`. */
export const BatchLog = { debug: 'debug', info: 'info', off: 'off' } as const;
export type BatchLog = (typeof BatchLog)[keyof typeof BatchLog];

export interface ObserveSettings {
  readonly logger: Logger;
  readonly batchLog: BatchLog;
  /** Metrics, then tracing: each wraps the one before, so a record's time does not include opening its route's subsegment. */
  readonly plugins: readonly ObserverPlugin[];
  /** What the plug-ins are told of the handler. */
  readonly handler: PluginHandler;
}

/** The message of the batch line. */
export const BATCH_LINE = 'batch processed';

const NO_PARTS: readonly BatchPart[] = [];
const PLUGIN = 'a plug-in of shardline/observability';

/** Logging never fails a batch, and neither does a plug-in: what went wrong is one warning. */
function warn(logger: Logger, what: string, error: unknown): void {
  logger.warn(`shardline could not ${what}`, { error });
}

/**
 * One per handler: knows whether the next invocation is the first (a cold start), and starts the
 * observation of each batch.
 *
 * @example
 * const observer = new Observer({ logger, batchLog: 'info', plugins: [], handler: { sequential: true, routeCount: 2 } });
 * const observation = observer.begin(batch, lambda, now());
 */
export class Observer {
  readonly #settings: ObserveSettings;
  #coldStart = true;

  constructor(settings: ObserveSettings) {
    this.#settings = settings;
  }

  /** `startedAt`: `now()` (./clock.js) when the invocation started, before the event was read. */
  begin(batch: Batch, lambda: LambdaContext | undefined, startedAt: number): BatchObservation {
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    return new BatchObservation(this.#settings, batch, new ContextLogger(this.#settings.logger, invocationFields(lambda, batch, coldStart)), startedAt);
  }
}

/**
 * The observation of one batch: its logger, the plug-ins' parts in it and, when it ends, the batch
 * line and the summary the plug-ins publish. Nothing here ever throws into the batch.
 */
export class BatchObservation {
  /** Every line of the invocation goes through it: request id, function name, cold start, shard. */
  readonly logger: ContextLogger;
  readonly #settings: ObserveSettings;
  readonly #batch: Batch;
  readonly #startedAt: number;
  readonly #startedAtEpoch: number;
  readonly #parts: readonly BatchPart[];
  readonly #durations: Float64Array | undefined;
  #endedAt: number | undefined;

  constructor(settings: ObserveSettings, batch: Batch, logger: ContextLogger, startedAt: number) {
    this.#settings = settings;
    this.#batch = batch;
    this.logger = logger;
    this.#startedAt = startedAt;
    this.#startedAtEpoch = Date.now() - (now() - startedAt);
    this.#parts = settings.plugins.length === 0 ? NO_PARTS : beginParts(settings, batch.size, logger);
    let durations: Float64Array | undefined;
    for (const part of this.#parts) durations ??= part.durations;
    this.#durations = durations;
  }

  /** `start` as it is when no plug-in watches records; else `start` wrapped by each, in order. */
  observe(start: StartRecord, routes: ReadonlyArray<string | undefined>): StartRecord {
    let observed = start;
    for (const part of this.#parts) if (part.wrap !== undefined) observed = part.wrap(observed, routes);
    return observed;
  }

  /** The batch's records are done, or the deadline ended it: what is measured ends here, before the batch's lines are written. */
  settled(): void {
    this.#endedAt = now();
    for (const part of this.#parts) part.settled?.();
  }

  /** Writes the batch line and hands the summary to the plug-ins. */
  end(run: BatchOutcome): void {
    const { batchLog, logger } = this.#settings;
    const parts = this.#parts;
    // Without a plug-in, the summary only feeds the batch line: none to write, nothing to count.
    if (parts.length === 0 && (batchLog === 'off' || isDisabled(logger, batchLog))) return;
    let summary: BatchSummary;
    try {
      summary = summarizeBatch(this.#batch, run, {
        startedAt: this.#startedAtEpoch,
        // Milliseconds to the microsecond: enough for any reader, and shorter to write.
        durationMs: Math.round(((this.#endedAt ?? now()) - this.#startedAt) * 1000) / 1000,
        durations: this.#durations,
      });
    } catch (error) {
      warn(this.logger, 'summarise the batch for its log line, metrics and trace', error);
      return;
    }
    if (batchLog !== 'off') this.logger.log(batchLog, BATCH_LINE, batchLine(summary));
    for (const part of parts) {
      try {
        part.end(summary);
      } catch (error) {
        warn(this.logger, `publish the batch to ${PLUGIN}`, error);
      }
    }
  }
}

function beginParts(settings: ObserveSettings, size: number, logger: Logger): BatchPart[] {
  const parts: BatchPart[] = [];
  for (const plugin of settings.plugins) {
    try {
      const part = plugin.begin(size, settings.handler, logger);
      if (part !== undefined) parts.push(part);
    } catch (error) {
      warn(logger, `start ${PLUGIN} for the batch`, error);
    }
  }
  return parts;
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
  return {
    records: summary.records,
    outcomes: outcomeCounts(summary.counts),
    // Object.fromEntries defines its keys: a route id is a class name, and a class may be named __proto__.
    routes: Object.fromEntries(summary.routes.map((route) => [route.route, outcomeCounts(route.counts)])),
    durationMs: summary.durationMs,
    ...(summary.oldestRecordAgeMs !== undefined && { oldestRecordAgeMs: summary.oldestRecordAgeMs }),
    deadlineReached: summary.deadlineReached,
  };
}
