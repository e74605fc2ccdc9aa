/**
 * Lambda's decisions between the invocations of a Kinesis batch, as pure functions: which records to
 * checkpoint after an invocation, whether the rest is retried, bisected or discarded, and which
 * records are too old to be delivered at all.
 */
import { bisectBatch } from './bisect.js';

/** The mapping settings the decisions depend on. */
export interface RetryPolicy {
  /** MaximumRetryAttempts; -1 retries until the records expire. */
  readonly maxRetries: number;
  /** BisectBatchOnFunctionError. */
  readonly bisectOnFunctionError: boolean;
}

/** Records of a batch that are delivered together, and what their deliveries so far came to. */
export interface Segment<R> {
  readonly records: ReadonlyArray<R>;
  /** Failed invocations of the segment's head record so far; the retry quota counts these. */
  readonly failedInvocations: number;
  /** Whether the last invocation was a function error (thrown, timed out, invalid response). */
  readonly lastFunctionError: boolean;
  /** The last invocation's request id, for the on-failure record. */
  readonly lastRequestId?: string;
}

/** What one invocation came to, as far as the decisions care. */
export type InvocationResult = { readonly kind: 'success' } | { readonly kind: 'partial'; readonly failedIndex: number } | { readonly kind: 'failed' };

/**
 * What follows an invocation of a segment.
 * - `done`: every record is checkpointed.
 * - `bisect`: the segment is replaced by its two halves, each with a fresh retry quota.
 * - `discard`: the retry quota is used up; `segment` (what is left) goes to the on-failure destination.
 * - `retry`: `segment` (what is left) is invoked again.
 */
export type NextStep<R> =
  | { readonly kind: 'done' }
  | { readonly kind: 'bisect'; readonly halves: readonly [Segment<R>, Segment<R>] }
  | { readonly kind: 'discard'; readonly segment: Segment<R> }
  | { readonly kind: 'retry'; readonly segment: Segment<R> };

/**
 * The decision after an invocation: `checkpoint` records from the segment's front are done (processed),
 * then `next`.
 */
export interface RetryDecision<R> {
  readonly checkpoint: number;
  readonly next: NextStep<R>;
}

/**
 * A segment that has not been invoked yet.
 *
 * @example
 * const first = freshSegment(batch);
 */
export function freshSegment<R>(records: ReadonlyArray<R>): Segment<R> {
  return { records, failedInvocations: 0, lastFunctionError: false };
}

/**
 * Decides what follows an invocation, as Lambda does for Kinesis:
 * - a partial batch response checkpoints the records before the failed one; the rest is retried, and
 *   the retry quota counts again from the new head record when the checkpoint moved;
 * - a function error retries the whole segment, or with `bisectOnFunctionError` splits it in two first
 *   (splitting does not count towards the quota);
 * - once the head record has failed more than `maxRetries` times, what is left is discarded.
 *
 * @example
 * decideAfterInvocation(freshSegment(['a', 'b', 'c']), { kind: 'partial', failedIndex: 1 }, { maxRetries: -1, bisectOnFunctionError: false });
 * // { checkpoint: 1, next: { kind: 'retry', segment: { records: ['b', 'c'], failedInvocations: 1, lastFunctionError: false } } }
 */
export function decideAfterInvocation<R>(segment: Segment<R>, result: InvocationResult, policy: RetryPolicy): RetryDecision<R> {
  if (result.kind === 'success') return { checkpoint: segment.records.length, next: { kind: 'done' } };
  if (result.kind === 'partial') {
    const rest: Segment<R> = {
      ...segment,
      records: segment.records.slice(result.failedIndex),
      // Progress was made: the quota now counts failures of the new head record only.
      failedInvocations: result.failedIndex > 0 ? 1 : segment.failedInvocations + 1,
      lastFunctionError: false,
    };
    return { checkpoint: result.failedIndex, next: afterFailure(rest, policy) };
  }
  if (policy.bisectOnFunctionError && segment.records.length > 1) {
    const [first, second] = bisectBatch(segment.records);
    return { checkpoint: 0, next: { kind: 'bisect', halves: [freshSegment(first), freshSegment(second)] } };
  }
  const failed: Segment<R> = { ...segment, failedInvocations: segment.failedInvocations + 1, lastFunctionError: true };
  return { checkpoint: 0, next: afterFailure(failed, policy) };
}

function afterFailure<R>(segment: Segment<R>, policy: RetryPolicy): NextStep<R> {
  return policy.maxRetries >= 0 && segment.failedInvocations > policy.maxRetries ? { kind: 'discard', segment } : { kind: 'retry', segment };
}

/**
 * How many records from the front of `records` are older than `maxAgeMs` at `now` (MaximumRecordAgeInSeconds):
 * they are discarded without being delivered. Records are in shard order, so the old ones come first.
 * A negative `maxAgeMs` never discards.
 *
 * @example
 * countExpired(records, 60_000, Date.now()); // 0 when every record arrived within the last minute
 */
export function countExpired(records: ReadonlyArray<{ readonly approximateArrivalTimestamp: Date }>, maxAgeMs: number, now: number): number {
  if (maxAgeMs < 0) return 0;
  const oldestAllowed = now - maxAgeMs;
  const firstFresh = records.findIndex((record) => record.approximateArrivalTimestamp.getTime() >= oldestAllowed);
  return firstFresh === -1 ? records.length : firstFresh;
}
