import type { Logger } from '../../context.js';
import type { LambdaContext, WindowState } from '../../types.js';

/**
 * Where a tumbling window stands in this invocation: what the event says about it.
 *
 * @example
 * const key = `${window.shardId}#${window.start}`;
 */
export interface WindowInfo {
  /** The window's start, ISO 8601 as Lambda sent it (`2020-12-09T07:04:00Z`). */
  readonly start: string;
  /** The window's end (exclusive), ISO 8601 as Lambda sent it. */
  readonly end: string;
  /** The shard the window's records come from: a window is per shard. */
  readonly shardId: string;
  readonly eventSourceARN: string;
  /** The window's last invocation (`isFinalInvokeForWindow`). */
  readonly final: boolean;
  /** Lambda ended the window early (`isWindowTerminatedEarly`): the rest of it comes with a fresh state. */
  readonly terminatedEarly: boolean;
}

/**
 * The second argument of the `@OnWindowEnd` method: the window, and the invocation's Lambda context
 * and logger.
 *
 * @example
 * \@OnWindowEnd()
 * async close(totals: Totals, window: WindowContext) {
 *   window.logger.info('window closed', { start: window.start, terminatedEarly: window.terminatedEarly });
 *   await table.put({ pk: `${window.shardId}#${window.start}`, ...totals });
 * }
 */
export interface WindowContext extends WindowInfo {
  readonly lambda: LambdaContext;
  readonly logger: Logger;
}

/**
 * What `handler.processBatch` reports about the tumbling window of its event.
 *
 * @example
 * const { window } = await handler.processBatch(event);
 * expect(window?.state).toEqual({ sum: 285 });
 */
export interface WindowReport extends WindowInfo {
  /** The state the response hands back to Lambda. */
  readonly state: WindowState;
  /** Whether the `@OnWindowEnd` method ran, and returned, in this invocation. */
  readonly ended: boolean;
}
