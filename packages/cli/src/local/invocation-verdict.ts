/**
 * Reads how an invocation ended the way Lambda does: a success, a partial batch response (checkpoint
 * before the lowest reported record), or a failure of the whole batch, with the message to report.
 */
import { countReportedFailures, interpretBatchResponse } from './batch-response.js';
import type { CallOutcome } from './call-with-deadline.js';
import { toError } from './errors.js';

/** Why a whole batch failed. */
export type FailureReason = 'function-error' | 'timeout' | 'invalid-response';

/**
 * What an invocation came to.
 * - `success`: every record is checkpointed; `ignoredFailures` counts failures the handler reported
 *   although ReportBatchItemFailures is off (Lambda ignores them).
 * - `partial`: the records before `failedIndex` are checkpointed; `sequenceNumber` is the lowest reported.
 * - `failed`: nothing is checkpointed.
 */
export type InvocationVerdict =
  | { readonly kind: 'success'; readonly ignoredFailures: number }
  | { readonly kind: 'partial'; readonly failedIndex: number; readonly sequenceNumber: string; readonly message: string }
  | { readonly kind: 'failed'; readonly reason: FailureReason; readonly message: string; readonly error?: Error };

/**
 * Judges an invocation of the records with `sequenceNumbers` (in batch order) from how the call ended.
 *
 * @example
 * judgeInvocation({ kind: 'timeout' }, ['1', '2'], { reportBatchItemFailures: true, timeoutMs: 3_000 });
 * // { kind: 'failed', reason: 'timeout', message: 'Task timed out after 3.00 seconds' }
 */
export function judgeInvocation(
  outcome: CallOutcome,
  sequenceNumbers: ReadonlyArray<string>,
  settings: { readonly reportBatchItemFailures: boolean; readonly timeoutMs: number },
): InvocationVerdict {
  if (outcome.kind === 'threw') {
    const error = toError(outcome.error);
    return { kind: 'failed', reason: 'function-error', error, message: `${error.name}: ${error.message}` };
  }
  if (outcome.kind === 'timeout') {
    return { kind: 'failed', reason: 'timeout', message: `Task timed out after ${(settings.timeoutMs / 1000).toFixed(2)} seconds` };
  }
  // Without ReportBatchItemFailures, Lambda does not read the response at all.
  if (!settings.reportBatchItemFailures) return { kind: 'success', ignoredFailures: countReportedFailures(outcome.value) };
  const response = interpretBatchResponse(outcome.value, sequenceNumbers);
  switch (response.kind) {
    case 'success':
      return { kind: 'success', ignoredFailures: 0 };
    case 'invalid-response':
      return { kind: 'failed', reason: 'invalid-response', message: `invalid batch response: ${response.reason}` };
    case 'partial':
      return {
        kind: 'partial',
        failedIndex: response.failedIndex,
        sequenceNumber: response.sequenceNumber,
        message: `${response.reportedCount} record(s) reported failed; checkpoint before ${response.sequenceNumber}, ${sequenceNumbers.length - response.failedIndex} record(s) to redeliver`,
      };
  }
}
