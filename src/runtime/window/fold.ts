/**
 * The fold of a tumbling window: which contributions enter the state, and in what order. Lambda
 * checkpoints at the lowest sequence number a response lists and delivers every record from there
 * on again, so a contribution enters the state only when its record's sequence number is below
 * that one: a record delivered again is never in the state, and its contribution counts once, on
 * the delivery that completes it. Sub-records of a KPL aggregate share their parent's sequence
 * number, so one reported sub-record keeps all of its siblings out. Contributions are folded in
 * batch order, whatever order the records ran in.
 */
import { WindowReduceError } from '../../windows/errors.js';
import type { Batch } from '../../records/batch.js';
import type { KinesisStreamBatchResponse } from '../../types.js';
import { isDone } from '../outcome.js';

/** What the fold reads of a batch. */
export type FoldBatch = Pick<Batch, 'size' | 'sequenceNumber' | 'checkedSequenceNumber' | 'location'>;

/**
 * The lowest sequence number a response lists (compared as BigInt: they are 52 to 56 digits), or
 * `undefined` when it lists none.
 *
 * @example
 * lowestReported({ batchItemFailures: [{ itemIdentifier: '20' }, { itemIdentifier: '3' }] }); // 3n
 */
export function lowestReported(response: KinesisStreamBatchResponse): bigint | undefined {
  let lowest: bigint | undefined;
  for (const { itemIdentifier } of response.batchItemFailures) {
    const sequenceNumber = BigInt(itemIdentifier);
    if (lowest === undefined || sequenceNumber < lowest) lowest = sequenceNumber;
  }
  return lowest;
}

/**
 * The reducer as the fold calls it: the user's method, bound, and its name for messages.
 *
 * @example
 * const reducer: Reducer = { id: 'Revenue.add', reduce: (state, total) => ({ sum: state.sum + total }) };
 */
export interface Reducer {
  readonly id: string;
  readonly reduce: (state: object, contribution: unknown) => unknown;
}

/**
 * Folds into a state the contributions (`contributions[unit]`; `undefined` is none) of the units
 * that completed and whose sequence number is below `limit` (every unit when it is `undefined`),
 * in batch order. `open` gives the state the first contribution is folded into, and is called only
 * when there is one: a batch that contributes nothing returns `undefined`.
 *
 * @throws WindowReduceError when the reducer throws, or returns a promise or no object, naming
 *   the record whose contribution it was folding.
 * @example
 * const state = foldContributions(batch, outcomes, contributions, lowestReported(response), () => ({}), reducer);
 */
export function foldContributions(
  batch: FoldBatch,
  outcomes: Uint8Array,
  contributions: readonly unknown[],
  limit: bigint | undefined,
  open: () => object,
  reducer: Reducer,
): object | undefined {
  let state: object | undefined;
  // Consecutive units of one aggregate share a sequence number: it is converted once for them.
  let lastSequenceNumber: string | undefined;
  let below = true;
  for (let unit = 0; unit < batch.size; unit++) {
    const contribution = contributions[unit];
    if (contribution === undefined || !isDone(outcomes[unit])) continue;
    if (limit !== undefined) {
      const sequenceNumber = batch.sequenceNumber(unit);
      if (sequenceNumber !== lastSequenceNumber) {
        lastSequenceNumber = sequenceNumber;
        below = BigInt(batch.checkedSequenceNumber(unit)) < limit;
      }
      if (!below) continue;
    }
    state ??= open();
    state = step(reducer, state, contribution, batch, unit);
  }
  return state;
}

function step(reducer: Reducer, state: object, contribution: unknown, batch: FoldBatch, unit: number): object {
  let next: unknown;
  try {
    next = reducer.reduce(state, contribution);
  } catch (error) {
    throw new WindowReduceError(batch.location(unit), `${reducer.id} threw`, { cause: error });
  }
  if (typeof next !== 'object' || next === null) {
    throw new WindowReduceError(
      batch.location(unit),
      `${reducer.id} returned ${next === null ? 'null' : next === undefined ? 'undefined' : `a ${typeof next}`}, not the new state (return it, even when you changed the state in place)`,
    );
  }
  if (typeof (next as PromiseLike<unknown>).then === 'function') {
    // Its rejection, if it comes, is nobody's to handle any more: the invocation already failed.
    Promise.resolve(next).catch(() => undefined);
    throw new WindowReduceError(
      batch.location(unit),
      `${reducer.id} returned a promise; a reducer is synchronous (it runs once per contribution, after the batch)`,
    );
  }
  return next;
}
