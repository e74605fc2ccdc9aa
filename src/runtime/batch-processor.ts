/**
 * One invocation: read the batch, schedule its records under the deadline, and turn where each
 * record stands into the partial batch response. Lambda checkpoints at the lowest sequence number
 * listed, so every record that did not complete is listed, in batch order, by its own sequence
 * number; a sub-record of a KPL aggregate is listed by its parent's.
 */
import type { Logger } from '../context.js';
import { DeadlineExceededError, type RecordLocation } from '../errors.js';
import { describeValue, readBatch, type Batch } from '../records/batch.js';
import type { RouteTable } from '../routing/route-table.js';
import type { ResolvedOptions } from '../options.js';
import type { KinesisStreamBatchResponse, LambdaContext } from '../types.js';
import { Dispatcher, type Invocation } from './dispatcher.js';
import { logSafely } from './logger.js';
import { OUTCOME_NAMES, statusOf, type RecordStatus } from './observe/batch-summary.js';
import { now } from './observe/clock.js';
import { Observer } from './observe/observer.js';
import { isDone, Outcome } from './outcome.js';
import { runSchedule, type Schedule, type ScheduleState } from './scheduler.js';
import type { WindowReport } from './window/window-context.js';
import { PassThroughWindow, type WindowSettler } from './window-settler.js';

export { RecordStatus } from './observe/batch-summary.js';

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
const noop = (): undefined => undefined;
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
  done: noop,
  fail: noop,
  succeed: noop,
});

export class BatchProcessor {
  readonly #options: ResolvedOptions;
  readonly #dispatcher: Dispatcher;
  readonly #observer: Observer;
  readonly #windows: WindowSettler;

  constructor(table: RouteTable, options: ResolvedOptions) {
    this.#options = options;
    this.#observer = new Observer({ ...options, handler: { sequential: options.ordering === 'shard', routeCount: table.routes.length } });
    this.#dispatcher = new Dispatcher(table, options);
    // The window machinery comes with the window decorators; a handler without them passes the state through.
    this.#windows = table.window?.runtime() ?? new PassThroughWindow();
  }

  async run(event: unknown, lambda: LambdaContext | undefined): Promise<BatchRun> {
    const startedAt = now();
    const options = this.#options;
    const batch = readBatch(event, options.deaggregate);
    const count = batch.size;
    const state: ScheduleState = { outcomes: new Uint8Array(count), errors: [], halted: false, deadlineReached: false, peakInFlight: 0 };
    const routes = new Array<string | undefined>(count);

    // Every line of the invocation goes through its logger: request id, function name, cold start, shard.
    const observation = this.#observer.begin(batch, lambda, startedAt);
    const logger = observation.logger;
    const remaining = remainingTime(lambda, logger);
    const hasDeadline = Number.isFinite(remaining) && count > 0;
    // Never more than half the time the invocation starts with: a margin larger than the function's
    // timeout would otherwise report every record, forever.
    const budget = hasDeadline ? Math.max(0, remaining - Math.min(options.deadlineMarginMs, remaining / 2)) : Infinity;
    const controller = hasDeadline ? new AbortController() : undefined;
    const invocation: Invocation = {
      lambda: lambda ?? NO_DEADLINE,
      signal: controller?.signal ?? (neverAborted ??= new AbortController().signal),
      logger,
      routes,
      unmatched: new Map(),
      contributions: this.#windows.contributions(event, count),
    };
    const schedule: Schedule = {
      ordering: options.ordering,
      concurrency: options.concurrency,
      stopOnFailure: options.onFailure === 'stop',
      startBefore: hasDeadline ? Date.now() + budget : Infinity,
    };
    const dispatcher = this.#dispatcher;
    const start = observation.observe((index: number) => dispatcher.run(batch, index, invocation), routes);

    const scheduled = runSchedule(count, (unit) => batch.partitionKey(unit), start, state, schedule);
    // Where the records stood when the deadline came: records still running then are reported as
    // timed out, even those that settle as the abort reaches them. Without it, the schedule is over
    // (every record it started has finished) and nothing writes to its state any more.
    let atDeadline: { outcomes: Uint8Array; errors: unknown[] } | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await (controller === undefined
        ? scheduled
        : Promise.race([
            scheduled,
            // Records that complete synchronously have already run by now, so the timer counts from
            // startBefore, not from here: a full budget from here could fire after Lambda's own timeout.
            new Promise<void>((resolve) => {
              timer = setTimeout(
                () => {
                  state.deadlineReached = state.halted = true;
                  atDeadline = { outcomes: Uint8Array.from(state.outcomes), errors: state.errors.slice() };
                  controller.abort(new DeadlineExceededError(`the invocation's deadline is ${Math.round(remaining - budget)} ms away`));
                  resolve();
                },
                Math.max(0, schedule.startBefore - Date.now()),
              );
            }),
          ]));
    } finally {
      clearTimeout(timer);
    }
    observation.settled();
    const { deadlineReached } = state;
    const { outcomes, errors } = atDeadline ?? state;
    logRecords(logger, batch, outcomes, errors, routes, deadlineReached);
    if (invocation.unmatched.size > 0) logUnmatched(logger, invocation.unmatched);
    const run: BatchRun = { batch, outcomes, errors, routes, deadlineReached, response: buildResponse(batch, outcomes) };
    observation.end(run);
    // The window reads the run, and the invocation's contributions, Lambda context and logger.
    const window = this.#windows.settle(event, { ...invocation, ...run });
    if (window === undefined) return run;
    const settled = await window;
    return { ...run, response: settled.response, window: settled.report };
  }
}

/**
 * Milliseconds left before Lambda stops the invocation, clamped to what a timer can wait, or
 * `Infinity` for no deadline: without a context or a clock (tests, scripts), or with a clock that
 * is no function, throws or returns no number, which is warned about once an invocation rather
 * than failing it. A clock past its end (negative) is at 0: nothing starts, and every record is reported.
 */
function remainingTime(lambda: LambdaContext | undefined, logger: Logger): number {
  let problem: string;
  let fields = {};
  try {
    const kind = typeof lambda?.getRemainingTimeInMillis;
    if (kind === 'undefined') return Infinity;
    if (kind !== 'function') problem = `is ${kind}, not a function`;
    else {
      const remaining: unknown = (lambda as LambdaContext).getRemainingTimeInMillis();
      if (typeof remaining === 'number' && !Number.isNaN(remaining)) return remaining === Infinity ? Infinity : Math.min(Math.max(remaining, 0), MAX_TIMER_MS);
      problem = `returned ${typeof remaining === 'number' ? 'NaN' : describeValue(remaining)}, not a number of milliseconds`;
    }
  } catch (error) {
    problem = 'threw';
    fields = { error };
  }
  logSafely(logger, 'warn', `the Lambda context's getRemainingTimeInMillis ${problem}; this batch runs without a deadline`, fields);
  return Infinity;
}

/** `1 record` or `n records`. */
function records(count: number): string {
  return count === 1 ? '1 record' : `${count} records`;
}

/**
 * One info line for every record no route matched, with counts only; the types, each cut to 64
 * characters, the most frequent first and at most 20, only at debug level.
 */
function logUnmatched(logger: Logger, unmatched: ReadonlyMap<string, number>): void {
  let skipped = 0;
  for (const count of unmatched.values()) skipped += count;
  logSafely(logger, 'info', `${records(skipped)} matched no route and ${skipped === 1 ? 'was' : 'were'} skipped`, { skipped, distinctTypes: unmatched.size });
  // Types that are alike in their first 64 characters are counted together; made into an object by
  // Object.fromEntries, which defines its keys, so that __proto__ is a type like any other.
  const types = new Map<string, number>();
  for (const [type, count] of [...unmatched].sort((a, b) => b[1] - a[1]).slice(0, MAX_LOGGED_TYPES)) {
    const name = type.slice(0, MAX_TYPE_LENGTH);
    types.set(name, (types.get(name) ?? 0) + count);
  }
  logSafely(logger, 'debug', 'payload types of the records that matched no route', {
    types: Object.fromEntries(types),
    ...(unmatched.size > MAX_LOGGED_TYPES && { otherTypes: unmatched.size - MAX_LOGGED_TYPES }),
  });
}

/** Where unit `i` is in the stream, and the route that took it, if one did: for its error line and its report. */
function where(batch: Batch, routes: ReadonlyArray<string | undefined>, i: number): RecordLocation & { route?: string } {
  return { ...batch.location(i), ...(routes[i] !== undefined && { route: routes[i] }) };
}

/** An error line for each failed record, and one warning for the records that did not complete. */
function logRecords(
  logger: Logger,
  batch: Batch,
  outcomes: Uint8Array,
  errors: readonly unknown[],
  routes: ReadonlyArray<string | undefined>,
  deadlineReached: boolean,
): void {
  let unfinished = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] === Outcome.failed) {
      logSafely(logger, 'error', 'record failed', { ...where(batch, routes, i), error: errors[i] });
    } else if (!isDone(outcomes[i])) {
      unfinished++;
    }
  }
  if (unfinished > 0) {
    // Without the deadline, a failure stopped them: onFailure 'stop', or under 'partition-key' an earlier record of their key.
    const why = deadlineReached ? 'the deadline came near' : 'an earlier record failed';
    logSafely(logger, 'warn', `${records(unfinished)} did not complete and will be redelivered: ${why}`, { unfinished });
  }
}

/**
 * The response Lambda reads: every record that did not complete, in batch order, each sequence
 * number once (sub-records of one aggregate share it and sit next to each other).
 *
 * @throws InvalidEventError for a record to report whose sequence number is not a decimal string.
 *
 * @example
 * buildResponse(batch, outcomes); // { batchItemFailures: [{ itemIdentifier: '4959...' }] }
 */
export function buildResponse(batch: Batch, outcomes: Uint8Array): KinesisStreamBatchResponse {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  let last: string | undefined;
  for (let i = 0; i < batch.size; i++) {
    if (isDone(outcomes[i])) continue;
    const sequenceNumber = batch.sequenceNumber(i);
    if (sequenceNumber !== last) {
      // Checked once for the sub-records of an aggregate, which share it.
      batchItemFailures.push({ itemIdentifier: batch.checkedSequenceNumber(i) });
      last = sequenceNumber;
    }
  }
  return { batchItemFailures };
}

/** Per-record reports of a run, built only when asked for (`processBatch`), never on the hot path. */
export function reportRun(run: BatchRun): BatchReport {
  const { batch, routes, deadlineReached } = run;
  const records = Array.from(run.outcomes, (outcome, i): RecordReport => ({
    ...where(batch, routes, i),
    status: OUTCOME_NAMES[statusOf(outcome, deadlineReached)],
    ...(outcome === Outcome.failed && { error: run.errors[i] }),
  }));
  return { response: run.response, records, deadlineReached, ...(run.window !== undefined && { window: run.window }) };
}
