import { Outcome } from './outcome.js';

/**
 * Keeps what a contributing route returned (or fulfilled with) as the contribution of unit
 * `index`, and returns what the scheduler expects of a record: `Outcome.succeeded` when it
 * completed synchronously, else a promise that fulfils when it does. Only the routes of the class
 * with `@WindowReduce` come here, and only for the events of a tumbling window.
 *
 * The contribution is stored before the scheduler marks the record done, so a record counted as
 * done always has its contribution in place when the window is folded.
 *
 * @example
 * return keepContribution(invocation.contributions, index, route.invoke(payload, context));
 */
export function keepContribution(contributions: unknown[], index: number, result: unknown): typeof Outcome.succeeded | Promise<unknown> {
  if (typeof result !== 'object' || result === null || typeof (result as PromiseLike<unknown>).then !== 'function') {
    contributions[index] = result;
    return Outcome.succeeded;
  }
  return Promise.resolve(result).then((value) => {
    contributions[index] = value;
    return value;
  });
}
