/**
 * Interceptors: functions wrapped around route methods (idempotency, timing, tenant context). They
 * are composed into a route's `invoke` once, when the route table is compiled, so a route without
 * any keeps its bound method as it is and the per-record path does not change.
 */
import type { RecordContext } from '../context.js';
import type { RouteDescription } from './route.js';

/**
 * What an interceptor sees of one call of a route method.
 *
 * @example
 * const audit: Interceptor = async (call, next) => {
 *   call.context.logger.info('calling', { route: `${call.route.handler}.${call.route.method}` });
 *   return next();
 * };
 */
export interface InterceptedCall<Payload = unknown> {
  /** What the method receives first: the decoded (and validated) payload, or the `RecordError` for `@OnInvalid`. */
  readonly payload: Payload;
  /** What the method receives second. */
  readonly context: RecordContext;
  /** The route being called, as `handler.routes` lists it. */
  readonly route: RouteDescription;
}

/**
 * A function around route methods. It calls `next()` to run the rest of the chain (the next
 * interceptor, then the method) and returns what the record's outcome should follow: a rejection
 * (or a throw) fails the record like a throw from the method; not calling `next()` completes the
 * record without running the method.
 *
 * @example
 * const timing: Interceptor = async ({ context, route }, next) => {
 *   const started = performance.now();
 *   try {
 *     return await next();
 *   } finally {
 *     context.logger.debug('route timing', { method: route.method, ms: performance.now() - started });
 *   }
 * };
 * createHandler([Orders], { interceptors: [timing] });
 */
export type Interceptor = (call: InterceptedCall, next: () => Promise<unknown>) => Promise<unknown>;

/** A compiled route's method: the bound method itself, or the method inside its interceptors. */
export type RouteInvoke = (payload: unknown, context: RecordContext) => unknown;

/**
 * Wraps `invoke` in `interceptors`, the first outermost. Returns `invoke` itself when there are
 * none. Every `next()` returns a promise, even when what it runs is synchronous or throws, so an
 * interceptor can always `await` it or chain on it.
 *
 * @example
 * const invoke = intercept(method.bind(instance), [timing, idempotency], description);
 */
export function intercept(invoke: RouteInvoke, interceptors: readonly Interceptor[], route: RouteDescription): RouteInvoke {
  if (interceptors.length === 0) return invoke;
  // The chain is built once, innermost first: each link takes the call and runs its interceptor
  // with a `next` that runs the link inside it.
  let inner = (call: InterceptedCall): Promise<unknown> => settle(() => invoke(call.payload, call.context));
  for (let i = interceptors.length - 1; i > 0; i--) {
    const interceptor = interceptors[i];
    const next = inner;
    inner = (call) => settle(() => interceptor(call, () => next(call)));
  }
  const outermost = interceptors[0];
  const rest = inner;
  // The outermost interceptor is called as it is: a synchronous throw from it fails the record at
  // once, like a throw from a method.
  return (payload, context) => {
    const call: InterceptedCall = { payload, context, route };
    return outermost(call, () => rest(call));
  };
}

/** `run()` as a promise: its value, its rejection, or its synchronous throw as a rejection. */
function settle(run: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the rejection is what run() threw, unchanged, as an async method's throw would be: routes may throw anything
    return Promise.reject(error);
  }
}
