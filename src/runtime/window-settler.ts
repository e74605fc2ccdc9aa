/**
 * What the batch processor asks of the tumbling window of an invocation, and the answer of a handler
 * without window methods: the state Lambda sent, handed back. The window machinery itself (fold,
 * state classes, the end method, the 1 MB check) is reached only through the window decorators
 * (`CompiledWindow.runtime`), so a bundle of handlers without them carries none of it.
 */
import type { Logger } from '../context.js';
import type { Batch } from '../records/batch.js';
import type { KinesisStreamBatchResponse, LambdaContext } from '../types.js';
import { logSafely } from './logger.js';
import { readWindowEvent } from './window-event.js';
import type { WindowReport } from './window/window-context.js';

/** A settled window: the response with its state, and what `processBatch` reports. */
export interface SettledWindow {
  readonly response: KinesisStreamBatchResponse;
  readonly report: WindowReport;
}

/** What a settled batch hands the window. */
export interface BatchResult {
  readonly batch: Batch;
  readonly outcomes: Uint8Array;
  readonly errors: readonly unknown[];
  /** The response built from the outcomes, without state. */
  readonly response: KinesisStreamBatchResponse;
  /** What the contributing routes returned, by unit (from `contributions`), when the handler folds. */
  readonly contributions: readonly unknown[] | undefined;
  readonly lambda: LambdaContext;
  readonly logger: Logger;
}

/**
 * The tumbling window of a handler, one per handler: asked twice an invocation, for the array the
 * contributions go into before the records run, and to settle the window after.
 *
 * @example
 * const contributions = windows.contributions(event, batch.size);
 * // ... run the batch ...
 * const settled = windows.settle(event, { batch, outcomes, errors, response, contributions, lambda, logger });
 */
export interface WindowSettler {
  /** Where the contributions of `count` units go: an array when the handler folds and the event has a window, else `undefined`. */
  contributions(event: unknown, count: number): unknown[] | undefined;
  /**
   * Settles the window of `event`: `undefined` when it has none (the response stays as it is),
   * else a promise of the response with its state.
   *
   * @throws InvalidEventError for a window or state of the wrong shape.
   */
  settle(event: unknown, result: BatchResult): Promise<SettledWindow> | undefined;
}

/**
 * The window of a handler without window methods. Lambda counts a window event's response without
 * `state` as a failed invocation, so the state it sent goes back unchanged (it came from Lambda, so
 * it is within Lambda's limit), with a warning once a cold start.
 *
 * @example
 * const windows: WindowSettler = table.window?.runtime() ?? new PassThroughWindow();
 */
export class PassThroughWindow implements WindowSettler {
  #warned = false;

  contributions(): undefined {
    return undefined;
  }

  settle(event: unknown, result: BatchResult): Promise<SettledWindow> | undefined {
    const windowEvent = readWindowEvent(event, result.batch);
    if (windowEvent === undefined) return undefined;
    if (!this.#warned) {
      this.#warned = true;
      logSafely(
        result.logger,
        'warn',
        'this event has a tumbling window, but no handler class has a @WindowReduce method (shardline/windows): its state goes back to Lambda unchanged',
        {},
      );
    }
    const { state } = windowEvent;
    return Promise.resolve({ response: { state, batchItemFailures: result.response.batchItemFailures }, report: { ...windowEvent, ended: false } });
  }
}
