/**
 * Reads how an invocation ended the way Lambda does: a success, a partial batch response (checkpoint
 * before the lowest reported record), or a failure of the whole batch, with the message to report.
 */
import { countReportedFailures, interpretBatchResponse } from './batch-response.js';
import type { CallOutcome } from './call-with-deadline.js';
import { toError } from './errors.js';
import { readWindowState } from './tumbling-window.js';

/** Why a whole batch failed. */
export type FailureReason = 'function-error' | 'timeout' | 'invalid-response';

/**
 * The `state` of a response Lambda accepted on a mapping with a tumbling window (a JSON copy), and its size as JSON.
 *
 * @example
 * const accepted: AcceptedWindowState = { state: { sum: 3 }, bytes: 9 };
 */
export interface AcceptedWindowState {
  readonly state: Record<string, unknown>;
  readonly bytes: number;
}

/**
 * What an invocation came to.
 * - `success`: every record is checkpointed; `ignoredFailures` counts failures the handler reported
 *   although ReportBatchItemFailures is off (Lambda ignores them).
 * - `partial`: the records before `failedIndex` are checkpointed; `sequenceNumber` is the lowest reported.
 * - `failed`: nothing is checkpointed.
 * With a tumbling window, `success` and `partial` carry the state the window keeps (`windowState`).
 */
export type InvocationVerdict =
  | { readonly kind: 'success'; readonly ignoredFailures: number; readonly windowState?: AcceptedWindowState }
  | {
      readonly kind: 'partial';
      readonly failedIndex: number;
      readonly sequenceNumber: string;
      readonly message: string;
      readonly windowState?: AcceptedWindowState;
    }
  | { readonly kind: 'failed'; readonly reason: FailureReason; readonly message: string; readonly error?: Error };

/**
 * Judges an invocation of the records with `sequenceNumbers` (in batch order) from how the call ended.
 * With `tumblingWindow`, a response must carry `state`, whether or not ReportBatchItemFailures is on:
 * Lambda counts a response without it as a failed invocation.
 *
 * @example
 * judgeInvocation({ kind: 'timeout' }, ['1', '2'], { reportBatchItemFailures: true, timeoutMs: 3_000 });
 * // { kind: 'failed', reason: 'timeout', message: 'Task timed out after 3.00 seconds' }
 */
export function judgeInvocation(
  outcome: CallOutcome,
  sequenceNumbers: ReadonlyArray<string>,
  settings: { readonly reportBatchItemFailures: boolean; readonly timeoutMs: number; readonly tumblingWindow?: boolean },
): InvocationVerdict {
  if (outcome.kind === 'threw') {
    const error = toError(outcome.error);
    return { kind: 'failed', reason: 'function-error', error, message: `${error.name}: ${error.message}` };
  }
  if (outcome.kind === 'timeout') {
    return { kind: 'failed', reason: 'timeout', message: `Task timed out after ${(settings.timeoutMs / 1000).toFixed(2)} seconds` };
  }
  let window: { windowState: AcceptedWindowState } | undefined;
  if (settings.tumblingWindow) {
    const reading = readWindowState(outcome.value);
    if (reading.kind === 'missing') {
      return {
        kind: 'failed',
        reason: 'invalid-response',
        message: 'the response has no state: with a tumbling window, Lambda counts that as a failed invocation',
      };
    }
    if (reading.kind === 'invalid') return { kind: 'failed', reason: 'invalid-response', message: `invalid window state: ${reading.reason}` };
    window = { windowState: { state: reading.state, bytes: reading.bytes } };
  }
  // Without ReportBatchItemFailures, Lambda does not read the failures at all.
  if (!settings.reportBatchItemFailures) return { kind: 'success', ignoredFailures: countReportedFailures(outcome.value), ...window };
  const response = interpretBatchResponse(outcome.value, sequenceNumbers);
  switch (response.kind) {
    case 'success':
      return { kind: 'success', ignoredFailures: 0, ...window };
    case 'invalid-response':
      return { kind: 'failed', reason: 'invalid-response', message: `invalid batch response: ${response.reason}` };
    case 'partial':
      return {
        kind: 'partial',
        failedIndex: response.failedIndex,
        sequenceNumber: response.sequenceNumber,
        message: `${response.reportedCount} record(s) reported failed; checkpoint before ${response.sequenceNumber}, ${sequenceNumbers.length - response.failedIndex} record(s) to redeliver`,
        ...window,
      };
  }
}
