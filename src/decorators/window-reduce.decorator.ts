import type { Constructor } from '../metadata/definitions.js';
import { checkClass, checkOptions } from './decorator-arguments.js';
import { windowMethodDecorator } from './window-method-decorator.js';

/**
 * Options of `@WindowReduce`.
 *
 * @example
 * \@WindowReduce({ state: Totals })
 * add(totals: Totals, total: number): Totals { totals.sum += total; return totals; }
 */
export interface WindowReduceOptions {
  /**
   * A class for the state. Lambda's state is turned into an instance of it with class-transformer
   * (so field initialisers give the state of a new window, which Lambda opens with `{}`), and the
   * state handed back is validated with class-validator first, like payload classes.
   */
  state?: Constructor;
}

/**
 * Folds what the routes of its class return into the state of a tumbling window. With a tumbling
 * window on the event source mapping, every route method of the class contributes its return value
 * (`undefined`: nothing); shardline calls the reducer once per contribution, in batch order, with
 * only the records Lambda will not deliver again, and hands the result back to Lambda as the state.
 *
 * The reducer is synchronous and should be pure: `(state, contribution) => state`. It may change
 * the state it gets and return it (shardline never hands it the event's own object). A throw fails the
 * invocation (`WindowReduceError`), so Lambda retries it with the state it holds. One reducer per
 * handler, next to an `@OnWindowEnd` method that receives the window's final state.
 *
 * @example
 * \@StreamHandler()
 * class Revenue {
 *   \@OnRecord(OrderPaid)
 *   paid(order: OrderPaid): number { return order.total; }
 *
 *   \@WindowReduce()
 *   add(state: { sum?: number }, total: number) { return { sum: (state.sum ?? 0) + total }; }
 *
 *   \@OnWindowEnd()
 *   async close(state: { sum?: number }, window: WindowContext) { await totals.put(window.start, state.sum ?? 0); }
 * }
 */
export function WindowReduce(options: WindowReduceOptions = {}): MethodDecorator {
  checkOptions('@WindowReduce', options, ['state'], 'an options object ({ state })');
  checkClass('@WindowReduce', 'state', options.state);
  return windowMethodDecorator('WindowReduce', { kind: 'reduce', state: options.state });
}
