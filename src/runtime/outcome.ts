/** Where each record of a batch stands. Stored as bytes: one array per batch, no object per record. */
export const Outcome = {
  pending: 0,
  running: 1,
  succeeded: 2,
  /** Handled by policy (unmatched or invalid `'skip'`): counts as success. */
  skipped: 3,
  failed: 4,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Pending or running when the batch ended: never completed, so it is reported. */
export function isDone(outcome: number): boolean {
  return outcome === Outcome.succeeded || outcome === Outcome.skipped;
}

/**
 * What a record that completes asynchronously fulfils with when a policy skipped it. Any other
 * value means it succeeded: a route's own promise is awaited as it is, with nothing chained to it.
 */
export const SKIPPED = Symbol('skipped');

/** The outcome of an asynchronous record from the value it fulfilled with. */
export function fulfilledOutcome(value: unknown): number {
  return value === SKIPPED ? Outcome.skipped : Outcome.succeeded;
}
