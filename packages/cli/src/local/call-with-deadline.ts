/**
 * Calls a handler the way Lambda's Node.js runtime does (a returned promise, the callback, or the
 * context's legacy `done`/`succeed`/`fail`) and races the answer against the invocation's deadline.
 */
import type { KinesisStreamEvent, KinesisLambdaHandler, LambdaContext } from './types.js';

/** How a call ended: with a value, with an error, or past the deadline. */
export type CallOutcome =
  { readonly kind: 'returned'; readonly value: unknown } | { readonly kind: 'threw'; readonly error: unknown } | { readonly kind: 'timeout' };

/**
 * Calls `handler` and waits for its answer until `deadline` (epoch milliseconds). A late answer counts
 * as a timeout. The handler's promise is not cancelled: like an unfrozen sandbox, it may still run on.
 *
 * @param legacyResult settles when the handler calls the context's `done`, `succeed` or `fail`.
 * @example
 * const { context, legacyResult } = createLambdaContext(fn, deadline);
 * const outcome = await callWithDeadline(handler, event, context, legacyResult, deadline);
 */
export async function callWithDeadline(
  handler: KinesisLambdaHandler,
  event: KinesisStreamEvent,
  context: LambdaContext,
  legacyResult: Promise<unknown>,
  deadline: number,
): Promise<CallOutcome> {
  let timer: NodeJS.Timeout | undefined;
  // The same deadline as the context's: a handler that sees no time left must not be able to answer in time.
  const timeout = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, deadline - Date.now()));
  });
  let settleCallback: (outcome: CallOutcome) => void = () => undefined;
  const viaCallback = new Promise<CallOutcome>((resolve) => (settleCallback = resolve));
  const callback = (error?: unknown, result?: unknown) => settleCallback(error ? { kind: 'threw', error } : { kind: 'returned', value: result });
  const call = (async (): Promise<CallOutcome> => {
    try {
      const returned = handler(event, context, callback);
      // As in the Node.js runtime: a promise answers; otherwise a handler that takes a callback answers through it.
      if (isThenable(returned)) return { kind: 'returned', value: await returned };
      if (handler.length >= 3) return await viaCallback;
      return { kind: 'returned', value: returned };
    } catch (error) {
      return { kind: 'threw', error };
    }
  })();
  const legacy = legacyResult.then(
    (value): CallOutcome => ({ kind: 'returned', value }),
    (error): CallOutcome => ({ kind: 'threw', error }),
  );
  try {
    const outcome = await Promise.race([call, legacy, viaCallback, timeout]);
    // A late answer can win the race when the event loop was busy; Lambda would have killed the sandbox.
    return outcome.kind !== 'timeout' && Date.now() > deadline ? { kind: 'timeout' } : outcome;
  } finally {
    clearTimeout(timer);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
