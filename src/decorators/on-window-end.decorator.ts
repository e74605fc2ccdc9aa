import { windowMethodDecorator } from './window-method-decorator.js';

/**
 * Receives the final state of each tumbling window, with its `WindowContext`, on the window's final
 * invocation (and when Lambda ends a window early: `terminatedEarly` is then true, and the rest of
 * the window comes with a fresh state). It may be async. If it throws or rejects, the invocation
 * fails (`WindowEndError`) and Lambda retries it, so it may run more than once for one window: make
 * what it writes idempotent (keyed by window and shard). It never runs while records of the final
 * invocation remain to be retried.
 *
 * @example
 * \@OnWindowEnd()
 * async close(totals: Totals, window: WindowContext) {
 *   await table.put({ shard: window.shardId, start: window.start, ...totals });
 * }
 */
export function OnWindowEnd(): MethodDecorator {
  return windowMethodDecorator('OnWindowEnd', { kind: 'end', state: undefined });
}
