/**
 * One invocation: read the batch, schedule its records under the deadline, and turn where each
 * record stands into the partial batch response. Lambda checkpoints at the lowest sequence number
 * listed, so every record that did not complete is listed, in batch order, by its own sequence
 * number; a sub-record of a KPL aggregate is listed by its parent's.
 */
import type { Logger } from '../context.js';
import { DeadlineExceededError } from '../errors.js';
import { readBatch, type Batch } from '../records/batch.js';
import type { RouteTable } from '../routing/route-table.js';
import type { ResolvedOptions } from '../options.js';
import type { KinesisStreamBatchResponse, LambdaContext } from '../types.js';
import { Dispatcher, type Invocation } from './dispatcher.js';
import { logSafely } from './logger.js';
import { now } from './observe/clock.js';
import { Observer } from './observe/observer.js';
import { isDone, Outcome } from './outcome.js';
import { runSchedule, type Schedule, type ScheduleState } from './scheduler.js';
import type { WindowReport } from './window/window-context.js';
import { PassThroughWindow, type WindowSettler } from './window-settler.js';

/** What happened to one record, as `handler.processBatch` reports it. */
export const RecordStatus = {
  succeeded: 'succeeded',
  skipped: 'skipped',
  failed: 'failed',
  notStarted: 'not-started',
  timedOut: 'timed-out',
} as const;
export type RecordStatus = (typeof RecordStatus)[keyof typeof RecordStatus];

/**
 * One record (or KPL sub-record) of a processed batch.
 *
 * @example
 * report.records.filter((r) => r.status === 'failed').map((r) => r.error);
 */
export interface RecordReport {
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
  readonly partitionKey: string;
  /** `Handler.method` of the route that handled it, when one did. */
  readonly route?: string;
  readonly status: RecordStatus;
  readonly error?: unknown;
}

/**
 * The partial batch response with what happened to each record.
 *
 * @example
 * const { response, records } = await handler.processBatch(event, context);
 */
export interface BatchReport {
  readonly response: KinesisStreamBatchResponse;
  readonly records: readonly RecordReport[];
  /** True when the deadline stopped the batch. */
  readonly deadlineReached: boolean;
  /** The tumbling window of the event, when it has one: its state as the response hands it back, and whether it ended. */
  readonly window?: WindowReport;
}

/** A finished run: the batch, where each of its units stands, and the response built from that. */
export interface BatchRun {
  readonly batch: Batch;
  readonly outcomes: Uint8Array;
  readonly errors: readonly unknown[];
  readonly routes: ReadonlyArray<string | undefined>;
  readonly deadlineReached: boolean;
  readonly response: KinesisStreamBatchResponse;
  readonly window?: WindowReport;
}

/** The signal of an invocation without a deadline (no Lambda context: tests, scripts), made when first needed, not at load. */
let neverAborted: AbortSignal | undefined;
const MAX_LOGGED_TYPES = 20;
/** A type name is payload content (a discriminator can read any field): debug lines only, and cut. */
const MAX_TYPE_LENGTH = 64;
/** The longest delay `setTimeout` takes (2^31-1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
// The context routes see when the handler was called without one (tests, scripts): the full Lambda
// shape, so `RecordContext.lambda` is always a `Context`; no deadline, empty names, inert callbacks.
const NO_DEADLINE: LambdaContext = Object.freeze({
  callbackWaitsForEmptyEventLoop: true,
  functionName: '',
  functionVersion: '',
  invokedFunctionArn: '',
  memoryLimitInMB: '',
  awsRequestId: '',
  logGroupName: '',
  logStreamName: '',
  getRemainingTimeInMillis: () => Infinity,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export class BatchProcessor {
  private readonly dispatcher: Dispatcher;
  private readonly observer: Observer;
  private readonly windows: WindowSettler;

  constructor(
    table: RouteTable,
    private readonly options: ResolvedOptions,
  ) {
    this.observer = new Observer({
      logger: options.logger,
      batchLog: options.batchLog,
      plugins: options.plugins,
      handler: { sequential: options.ordering === 'shard', routeCount: table.routes.length },
    });
    this.dispatcher = new Dispatcher(table, {
      decode: { decompress: options.decompress, maxDecompressedBytes: options.maxDecompressedBytes },
      unmatched: options.unmatched,
      invalid: options.invalid,
    });
    // The window machinery comes with the window decorators; a handler without them passes the state through.
    this.windows = table.window?.runtime() ?? new PassThroughWindow();
  }

  async run(event: unknown, lambda: LambdaContext | undefined): Promise<BatchRun> {
    const startedAt = now();
    const batch = readBatch(event, this.options.deaggregate);
    const count = batch.size;
    const state: ScheduleState = { outcomes: new Uint8Array(count), errors: [], halted: false, deadlineReached: false, peakInFlight: 0 };
    const routes = new Array<string | undefined>(count);

    // Every line of the invocation goes through its logger: request id, function name, cold start, shard.
    const observation = this.observer.begin(batch, lambda, startedAt);
    const logger = observation.logger;
    const remaining = this.remainingTime(lambda, logger);
    const hasDeadline = Number.isFinite(remaining) && count > 0;
    // Never more than half the time the invocation starts with: a margin larger than the function's
    // timeout would otherwise report every record, forever.
    const budget = hasDeadline ? Math.max(0, remaining - Math.min(this.options.deadlineMarginMs, remaining / 2)) : Infinity;
    const controller = hasDeadline ? new AbortController() : undefined;
    const invocation: Invocation = {
      lambda: lambda ?? NO_DEADLINE,
      signal: controller?.signal ?? (neverAborted ??= new AbortController().signal),
      logger,
      routes,
      unmatched: new Map(),
      contributions: this.windows.contributions(event, count),
    };
    const schedule: Schedule = {
      ordering: this.options.ordering,
      concurrency: this.options.concurrency,
      stopOnFailure: this.options.onFailure === 'stop',
      startBefore: hasDeadline ? Date.now() + budget : Infinity,
    };
    const dispatcher = this.dispatcher;
    const start = observation.observe((index: number) => dispatcher.run(batch, index, invocation), routes);

    const scheduled = runSchedule(count, (unit) => batch.partitionKey(unit), start, state, schedule);
    // Where the records stood when the deadline came: records still running then are reported as
    // timed out, even those that settle as the abort reaches them.
    let atDeadline: { outcomes: Uint8Array; errors: unknown[] } | undefined;
    if (controller === undefined) {
      await scheduled;
    } else {
      let timer: NodeJS.Timeout | undefined;
      // Records that complete synchronously have already run by now, so the timer counts from
      // startBefore, not from here: a full budget from here could fire after Lambda's own timeout.
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(
          () => {
            state.deadlineReached = true;
            state.halted = true;
            atDeadline = { outcomes: Uint8Array.from(state.outcomes), errors: state.errors.slice() };
            controller.abort(new DeadlineExceededError(`the invocation's deadline is ${Math.round(remaining - budget)} ms away`));
            resolve();
          },
          Math.max(0, schedule.startBefore - Date.now()),
        );
      });
      try {
        await Promise.race([scheduled, deadline]);
      } finally {
        clearTimeout(timer);
      }
    }
    observation.settled();
    const deadlineReached = state.deadlineReached;
    // Records still running past the deadline may finish later; what is reported is where they stood then.
    const outcomes = atDeadline?.outcomes ?? Uint8Array.from(state.outcomes);
    const errors = atDeadline?.errors ?? state.errors.slice();
    this.log(logger, batch, outcomes, errors, routes, deadlineReached);
    if (invocation.unmatched.size > 0) this.logUnmatched(logger, invocation.unmatched);
    observation.end({ outcomes, routes, deadlineReached });
    const response = buildResponse(batch, outcomes);
    const window = this.windows.settle(event, {
      batch,
      outcomes,
      errors,
      response,
      contributions: invocation.contributions,
      lambda: invocation.lambda,
      logger,
    });
    if (window === undefined) return { batch, outcomes, errors, routes, deadlineReached, response };
    const settled = await window;
    return { batch, outcomes, errors, routes, deadlineReached, response: settled.response, window: settled.report };
  }

  /**
   * Milliseconds left before Lambda stops the invocation, clamped to what a timer can wait, or
   * `Infinity` for no deadline: without a context or a clock (tests, scripts), or with a clock that
   * throws or returns no number, which is warned about once an invocation rather than failing it.
   * A clock past its end (negative) is at 0: nothing starts, and every record is reported.
   */
  private remainingTime(lambda: LambdaContext | undefined, logger: Logger): number {
    if (lambda === undefined || lambda === null) return Infinity;
    let remaining: unknown;
    try {
      const kind = typeof lambda.getRemainingTimeInMillis;
      if (kind === 'undefined') return Infinity;
      if (kind !== 'function') {
        this.warnBrokenClock(logger, `is ${kind}, not a function`);
        return Infinity;
      }
      remaining = lambda.getRemainingTimeInMillis();
    } catch (error) {
      this.warnBrokenClock(logger, 'threw', error);
      return Infinity;
    }
    if (typeof remaining !== 'number' || Number.isNaN(remaining)) {
      this.warnBrokenClock(
        logger,
        `returned ${typeof remaining === 'number' ? 'NaN' : typeof remaining === 'object' && remaining !== null ? 'an object' : typeof remaining}, not a number of milliseconds`,
      );
      return Infinity;
    }
    return remaining === Infinity ? Infinity : Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
  }

  private warnBrokenClock(logger: Logger, what: string, error?: unknown): void {
    logSafely(
      logger,
      'warn',
      `the Lambda context's getRemainingTimeInMillis ${what}; this batch runs without a deadline`,
      error === undefined ? {} : { error },
    );
  }

  /**
   * One info line for every record no route matched, with counts only; the types, each cut to 64
   * characters, the most frequent first and at most 20, only at debug level.
   */
  private logUnmatched(logger: Logger, unmatched: ReadonlyMap<string, number>): void {
    let skipped = 0;
    for (const count of unmatched.values()) skipped += count;
    const records = skipped === 1 ? '1 record matched no route and was' : `${skipped} records matched no route and were`;
    logSafely(logger, 'info', `${records} skipped`, { skipped, distinctTypes: unmatched.size });
    const types: Record<string, number> = {};
    for (const [type, count] of [...unmatched].sort((a, b) => b[1] - a[1]).slice(0, MAX_LOGGED_TYPES)) {
      const name = type.length > MAX_TYPE_LENGTH ? type.slice(0, MAX_TYPE_LENGTH) : type;
      // Types that are alike in their first 64 characters are counted together; defined, not assigned, so that __proto__ is a type like any other.
      Object.defineProperty(types, name, {
        value: (Object.hasOwn(types, name) ? types[name] : 0) + count,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const more = unmatched.size > MAX_LOGGED_TYPES ? { otherTypes: unmatched.size - MAX_LOGGED_TYPES } : {};
    logSafely(logger, 'debug', 'payload types of the records that matched no route', { types, ...more });
  }

  private log(
    logger: Logger,
    batch: Batch,
    outcomes: Uint8Array,
    errors: readonly unknown[],
    routes: ReadonlyArray<string | undefined>,
    deadlineReached: boolean,
  ): void {
    let unfinished = 0;
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i];
      if (outcome === Outcome.failed) {
        logSafely(logger, 'error', 'record failed', { ...batch.location(i), ...(routes[i] !== undefined && { route: routes[i] }), error: errors[i] });
      } else if (outcome === Outcome.pending || outcome === Outcome.running) {
        unfinished++;
      }
    }
    if (unfinished > 0) {
      const why = deadlineReached ? 'the deadline came near' : 'a record failed and onFailure is stop';
      const records = unfinished === 1 ? '1 record' : `${unfinished} records`;
      logSafely(logger, 'warn', `${records} did not complete because ${why}; ${unfinished === 1 ? 'it is' : 'they are'} reported for redelivery`, {
        unfinished,
      });
    }
  }
}

/**
 * The response Lambda reads: every record that did not complete, in batch order, each sequence
 * number once (sub-records of one aggregate share it and sit next to each other).
 *
 * @example
 * buildResponse(batch, outcomes); // { batchItemFailures: [{ itemIdentifier: '4959...' }] }
 */
export function buildResponse(batch: Batch, outcomes: Uint8Array): KinesisStreamBatchResponse {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  let last = '';
  for (let i = 0; i < batch.size; i++) {
    if (isDone(outcomes[i])) continue;
    const sequenceNumber = batch.sequenceNumber(i);
    if (sequenceNumber !== last) {
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
      last = sequenceNumber;
    }
  }
  return { batchItemFailures };
}

const STATUS: Readonly<Record<number, RecordStatus>> = {
  [Outcome.pending]: RecordStatus.notStarted,
  [Outcome.succeeded]: RecordStatus.succeeded,
  [Outcome.skipped]: RecordStatus.skipped,
  [Outcome.failed]: RecordStatus.failed,
};

/** Per-record reports of a run, built only when asked for (`processBatch`), never on the hot path. */
export function reportRun(run: BatchRun): BatchReport {
  const { batch } = run;
  const records = Array.from(run.outcomes, (outcome, i): RecordReport => {
    const status = outcome === Outcome.running ? (run.deadlineReached ? RecordStatus.timedOut : RecordStatus.notStarted) : STATUS[outcome];
    const subSequenceNumber = batch.subSequenceNumber(i);
    return {
      sequenceNumber: batch.sequenceNumber(i),
      ...(subSequenceNumber !== undefined && { subSequenceNumber }),
      partitionKey: batch.partitionKey(i),
      ...(run.routes[i] !== undefined && { route: run.routes[i] }),
      status,
      ...(outcome === Outcome.failed && { error: run.errors[i] }),
    };
  });
  return { response: run.response, records, deadlineReached: run.deadlineReached, ...(run.window !== undefined && { window: run.window }) };
}
