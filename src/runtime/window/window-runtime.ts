/**
 * The tumbling window of a handler with window methods, from the batch's outcome to the response
 * Lambda keeps: fold the contributions of the records Lambda will not deliver again into the state,
 * check the state, run the window's end on its final invocation. An event without a window costs
 * one property read. Handlers without window methods never load this module: theirs is
 * `PassThroughWindow` (runtime/window-settler.ts).
 */
import { WindowEndError } from '../../windows/errors.js';
import type { CompiledWindow } from '../../routing/compile-window.js';
import { logSafely } from '../logger.js';
import { isDone } from '../outcome.js';
import { readWindowEvent, type WindowEvent } from '../window-event.js';
import type { BatchResult, SettledWindow, WindowSettler } from '../window-settler.js';
import { foldContributions, lowestReported } from './fold.js';
import type { WindowContext, WindowInfo } from './window-context.js';
import { windowResponse } from './window-response.js';

/**
 * One per handler. Warns once (a cold start's worth) about an event without a window, since a
 * handler that folds expects one.
 *
 * @example
 * const windows = new WindowRuntime(table.window);
 * const contributions = windows.contributions(event, batch.size);
 * // ... run the batch ...
 * const settled = windows.settle(event, { batch, outcomes, errors, response, contributions, lambda, logger });
 */
export class WindowRuntime implements WindowSettler {
  private warnedNoWindow = false;

  constructor(private readonly window: CompiledWindow) {}

  contributions(event: unknown, count: number): unknown[] | undefined {
    if ((event as { window?: unknown }).window === undefined) return undefined;
    return new Array<unknown>(count);
  }

  /**
   * Settles the window of `event`: `undefined` when it has none (the response stays as it is),
   * else a promise of the response with its state.
   *
   * @throws InvalidEventError for a window or state of the wrong shape; the promise rejects with a
   *   WindowReduceError, WindowStateError or WindowEndError when the invocation must fail.
   */
  settle(event: unknown, result: BatchResult): Promise<SettledWindow> | undefined {
    const windowEvent = readWindowEvent(event, result.batch);
    if (windowEvent === undefined) {
      if (!this.warnedNoWindow) {
        this.warnedNoWindow = true;
        logSafely(
          result.logger,
          'warn',
          `${this.window.id} folds a tumbling window's state, but this event has no window, so what the routes return is not folded; is TumblingWindowInSeconds set on the event source mapping?`,
          {},
        );
      }
      return undefined;
    }
    return fold(this.window, windowEvent, result).catch((error: unknown) => {
      logSafely(
        result.logger,
        'error',
        "the tumbling window could not be settled; the invocation fails so that Lambda retries it with the window's state as it was",
        { error },
      );
      throw error;
    });
  }
}

async function fold(window: CompiledWindow, windowEvent: WindowEvent, result: BatchResult): Promise<SettledWindow> {
  const { batch, outcomes, response, contributions } = result;
  const closing = windowEvent.final || windowEvent.terminatedEarly;
  // The end method must see the whole window, so it cannot run while records of the final
  // invocation remain to be retried. Where Lambda would put those records after a partial response
  // to a final invocation is not documented; what it does when a final invocation fails is: it
  // retries it, with the window's state, until it succeeds. So the invocation fails: no state is
  // returned, nothing of this attempt is counted, and the records that did succeed run again.
  if (closing && response.batchItemFailures.length > 0) throw unclosed(window, windowEvent, result);

  const shape = window.state;
  let state =
    contributions === undefined
      ? undefined
      : foldContributions(batch, outcomes, contributions, lowestReported(response), () => shape.open(windowEvent.state), window);
  if (state === undefined && closing) state = shape.open(windowEvent.state);
  const handedBack = state === undefined ? windowEvent.state : await shape.close(state);
  const withState = windowResponse(handedBack, response);
  if (!closing) return { response: withState, report: { ...infoOf(windowEvent), state: handedBack, ended: false } };

  const context: WindowContext = { ...infoOf(windowEvent), lambda: result.lambda, logger: result.logger };
  try {
    await window.end(state as object, context);
  } catch (error) {
    throw new WindowEndError(
      `${window.endId} failed at the end of the window ${describeWindow(windowEvent)}; the invocation fails so that Lambda retries the window's final invocation`,
      { cause: error },
    );
  }
  logSafely(result.logger, 'debug', 'tumbling window ended', {
    start: windowEvent.start,
    end: windowEvent.end,
    shardId: windowEvent.shardId,
    terminatedEarly: windowEvent.terminatedEarly,
  });
  return { response: withState, report: { ...infoOf(windowEvent), state: handedBack, ended: true } };
}

function infoOf(windowEvent: WindowEvent): WindowInfo {
  const { start, end, shardId, eventSourceARN, final, terminatedEarly } = windowEvent;
  return { start, end, shardId, eventSourceARN, final, terminatedEarly };
}

function describeWindow(windowEvent: WindowEvent): string {
  return `${windowEvent.start} to ${windowEvent.end}${windowEvent.shardId === '' ? '' : ` of ${windowEvent.shardId}`}`;
}

/** The error of a final invocation with records to retry: each reported record once, with the error of its first unit that did not complete. */
function unclosed(window: CompiledWindow, windowEvent: WindowEvent, result: BatchResult): WindowEndError {
  const { batch, outcomes, errors } = result;
  const failures: Array<{ sequenceNumber: string; error: unknown }> = [];
  let last: string | undefined;
  for (let unit = 0; unit < batch.size; unit++) {
    if (isDone(outcomes[unit])) continue;
    const sequenceNumber = batch.sequenceNumber(unit);
    if (sequenceNumber === last) continue;
    last = sequenceNumber;
    failures.push({ sequenceNumber, error: errors[unit] });
  }
  const records = failures.length === 1 ? '1 record' : `${failures.length} records`;
  return new WindowEndError(
    `the final invocation of the window ${describeWindow(windowEvent)} has ${records} to retry, so its state is not the whole window yet: ` +
      `${window.endId} did not run, and the invocation fails so that Lambda retries it with the window's state`,
    { cause: failures.find((failure) => failure.error !== undefined)?.error, failures },
  );
}
