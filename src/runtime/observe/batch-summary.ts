/**
 * What a batch did, counted once when it ends: records by route and outcome, the durations of the
 * records each route handled, how old the oldest record was. The batch log line, the metrics and
 * the trace annotations are all read from this one summary.
 */
import type { Batch } from '../../records/batch.js';
import { Outcome } from '../outcome.js';

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
 * Outcome names, as `processBatch` reports them: `RecordStatus`'s values, in counting order. A
 * list of its own (a unit test holds the two equal), so that a bundle which never names
 * `RecordStatus` leaves the object out, and nothing is computed at load.
 */
export const OUTCOME_NAMES: readonly RecordStatus[] = ['succeeded', 'skipped', 'failed', 'not-started', 'timed-out'];
export type OutcomeName = RecordStatus;

const FAILED = 2;
const NOT_STARTED = 3;
const TIMED_OUT = 4;

/** Where records that reached no route (skipped as unmatched, or invalid without `@OnInvalid`) are counted. */
export const NO_ROUTE = '(no route)';

/** One route's share of a batch. */
export interface RouteSummary {
  /** The route id (`Handler.method`), or `NO_ROUTE`. */
  readonly route: string;
  /** Records, by outcome in the order of `OUTCOME_NAMES`. */
  readonly counts: Uint32Array;
  /** Microseconds each of its completed records took (whole numbers), when records were timed. */
  readonly durations: number[];
}

export interface BatchSummary {
  /** Units: records, with each KPL aggregate counted as its sub-records. */
  readonly records: number;
  /** Records by outcome, in the order of `OUTCOME_NAMES`. */
  readonly counts: Uint32Array;
  /** In the order routes first appear in the batch. */
  readonly routes: readonly RouteSummary[];
  readonly durationMs: number;
  /** How long before the batch started the oldest record reached Kinesis; `undefined` for an empty batch. */
  readonly oldestRecordAgeMs: number | undefined;
  readonly deadlineReached: boolean;
}

/** What a batch left behind, as the batch processor reports it. */
export interface BatchOutcome {
  readonly outcomes: Uint8Array;
  readonly routes: ReadonlyArray<string | undefined>;
  readonly deadlineReached: boolean;
}

/**
 * Counts a finished batch: one pass over its units. `durations[i]` is unit i's duration in
 * milliseconds (NaN when it was not measured), when records were timed.
 *
 * @example
 * const summary = summarizeBatch(batch, run, { startedAt, durationMs: 12.5 });
 * summary.routes.map((r) => [r.route, r.counts[OUTCOME_NAMES.indexOf('failed')]]);
 */
export function summarizeBatch(
  batch: Batch,
  run: BatchOutcome,
  timing: { readonly startedAt: number; readonly durationMs: number; readonly durations?: Float64Array },
): BatchSummary {
  const { outcomes, routes: routeOfUnit, deadlineReached } = run;
  const counts = new Uint32Array(OUTCOME_NAMES.length);
  const routes: RouteSummary[] = [];
  const durations = timing.durations;
  // Routes are few, and records of one route often come in runs: the last route found is tried
  // first, then the others in turn, which costs less than a map lookup a record.
  let last: RouteSummary | undefined;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i];
    const status = statusOf(outcome, deadlineReached);
    counts[status]++;
    const id = routeOfUnit[i] ?? NO_ROUTE;
    let route = last;
    if (route === undefined || route.route !== id) {
      route = undefined;
      for (let r = 0; r < routes.length; r++) {
        if (routes[r].route === id) {
          route = routes[r];
          break;
        }
      }
      if (route === undefined) {
        route = { route: id, counts: new Uint32Array(OUTCOME_NAMES.length), durations: [] };
        routes.push(route);
      }
      last = route;
    }
    route.counts[status]++;
    if (durations !== undefined && status <= FAILED) {
      const duration = durations[i];
      // Whole microseconds: as fine as anyone reads a record's duration, and a whole number is
      // written out (EMF) about three times faster than a fraction of a millisecond.
      if (duration === duration) route.durations.push(Math.round(duration * 1000));
    }
  }
  return { records: outcomes.length, counts, routes, durationMs: timing.durationMs, oldestRecordAgeMs: oldestAge(batch, timing.startedAt), deadlineReached };
}

/** The index in `OUTCOME_NAMES` of a unit's outcome when its batch ended. */
export function statusOf(outcome: number, deadlineReached: boolean): number {
  // Succeeded, skipped and failed are counted in the order `Outcome` numbers them.
  if (outcome >= Outcome.succeeded) return outcome - Outcome.succeeded;
  // Still running when the batch ended: only the deadline ends a batch with records in flight.
  return outcome === Outcome.running && deadlineReached ? TIMED_OUT : NOT_STARTED;
}

/**
 * Age of the oldest record when the batch started: Kinesis's arrival timestamps are in epoch
 * seconds with a fraction, read once from the event's records (not the units: sub-records share
 * theirs) while the batch was read.
 */
function oldestAge(batch: Batch, startedAt: number): number | undefined {
  const oldest = batch.oldestArrival;
  return oldest === Infinity ? undefined : Math.max(0, Math.round(startedAt - oldest * 1000));
}

/**
 * Outcome counts as an object of the non-zero ones, for a log line.
 *
 * @example
 * outcomeCounts(summary.counts); // { succeeded: 98, failed: 1, 'not-started': 1 }
 */
export function outcomeCounts(counts: Uint32Array): Partial<Record<OutcomeName, number>> {
  const object: Partial<Record<OutcomeName, number>> = {};
  for (let i = 0; i < OUTCOME_NAMES.length; i++) if (counts[i] > 0) object[OUTCOME_NAMES[i]] = counts[i];
  return object;
}

/** Records of a route (or batch) that failed. */
export function failures(counts: Uint32Array): number {
  return counts[FAILED];
}

/** Records of a route (or batch) that did not complete: failed, not started or timed out. */
export function unfinished(counts: Uint32Array): number {
  return counts[FAILED] + counts[NOT_STARTED] + counts[TIMED_OUT];
}
