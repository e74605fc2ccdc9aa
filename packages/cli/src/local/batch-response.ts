import { isSequenceNumber } from './sequence-number.js';

/**
 * How the event source mapping reads one invocation's result.
 * - `success`: every record is checkpointed.
 * - `partial`: Lambda checkpoints at the lowest reported sequence number (`sequenceNumber`, at batch
 *   position `failedIndex`) and redelivers every record whose sequence number is at or above it:
 *   `redeliveredCount` records. In a batch read from a shard, in ascending order, those are exactly the
 *   records from `failedIndex` on; in a hand-written event they may be anywhere.
 * - `invalid-response`: the response cannot be applied; the whole batch failed, as for a thrown error.
 *
 * @example
 * const outcome: BatchResponseOutcome = interpretBatchResponse(response, sequenceNumbers);
 * if (outcome.kind === 'partial') retryFrom(outcome.failedIndex);
 */
export type BatchResponseOutcome =
  | { readonly kind: 'success' }
  | {
      readonly kind: 'partial';
      readonly failedIndex: number;
      readonly sequenceNumber: string;
      readonly reportedCount: number;
      readonly redeliveredCount: number;
    }
  | { readonly kind: 'invalid-response'; readonly reason: string };

/**
 * Reads a handler's response the way Lambda does when the mapping has `ReportBatchItemFailures`.
 *
 * - `undefined`, `null`, `{}`, a missing, null or empty `batchItemFailures`: complete success.
 * - An entry whose `itemIdentifier` is missing, null, empty, not a string, or not the sequence number
 *   of a record of this batch: invalid response, the whole batch failed.
 * - Otherwise the checkpoint is the LOWEST reported sequence number (compared as BigInt); everything
 *   from it on is redelivered, including records after it that the handler did not report.
 * - A response that is not an object (a string, a number, an array) is not something Lambda
 *   documents; it is read as invalid, the reading that cannot lose records.
 *
 * @param batchSequenceNumbers the sequence numbers of the batch, in batch (shard) order.
 * @example
 * interpretBatchResponse({ batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] }, ['1', '2', '3']);
 * // { kind: 'partial', failedIndex: 1, sequenceNumber: '2', reportedCount: 2, redeliveredCount: 2 }
 */
export function interpretBatchResponse(response: unknown, batchSequenceNumbers: ReadonlyArray<string>): BatchResponseOutcome {
  if (response === undefined || response === null) return { kind: 'success' };
  if (typeof response !== 'object' || Array.isArray(response)) {
    return { kind: 'invalid-response', reason: `the response is ${describe(response)}, not an object with batchItemFailures` };
  }
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) {
    return { kind: 'invalid-response', reason: `batchItemFailures is ${describe(failures)}, not an array` };
  }
  if (failures.length === 0) return { kind: 'success' };

  const indexBySequenceNumber = new Map<string, number>();
  batchSequenceNumbers.forEach((sequenceNumber, index) => indexBySequenceNumber.set(canonical(sequenceNumber), index));
  let lowest: { index: number; value: bigint; sequenceNumber: string } | undefined;
  for (const [position, failure] of failures.entries()) {
    const identifier = failure !== null && typeof failure === 'object' ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (identifier === undefined || identifier === null || identifier === '' || typeof identifier !== 'string') {
      return { kind: 'invalid-response', reason: `batchItemFailures[${position}].itemIdentifier is ${describe(identifier)}` };
    }
    if (!isSequenceNumber(identifier) || !indexBySequenceNumber.has(canonical(identifier))) {
      return { kind: 'invalid-response', reason: `batchItemFailures[${position}].itemIdentifier "${identifier}" is not a sequence number of this batch` };
    }
    const value = BigInt(identifier);
    if (lowest === undefined || value < lowest.value) {
      lowest = {
        index: indexBySequenceNumber.get(canonical(identifier))!,
        value,
        sequenceNumber: batchSequenceNumbers[indexBySequenceNumber.get(canonical(identifier))!],
      };
    }
  }
  // Counted by value, not by position: an event's records need not be in sequence number order.
  let redeliveredCount = 0;
  for (const sequenceNumber of batchSequenceNumbers) if (isSequenceNumber(sequenceNumber) && BigInt(sequenceNumber) >= lowest!.value) redeliveredCount++;
  return { kind: 'partial', failedIndex: lowest!.index, sequenceNumber: lowest!.sequenceNumber, reportedCount: failures.length, redeliveredCount };
}

/**
 * Counts the failures a response reports, for the warning shown when the mapping does NOT have
 * `ReportBatchItemFailures`: Lambda then ignores them and those records are checkpointed as processed.
 *
 * @example
 * countReportedFailures({ batchItemFailures: [{ itemIdentifier: '1' }] }); // 1
 */
export function countReportedFailures(response: unknown): number {
  if (response === null || typeof response !== 'object') return 0;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  return Array.isArray(failures) ? failures.length : 0;
}

// Leading zeros would make two spellings of one number look different.
function canonical(sequenceNumber: string): string {
  return isSequenceNumber(sequenceNumber) ? BigInt(sequenceNumber).toString() : sequenceNumber;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}${typeof value === 'string' || typeof value === 'number' ? ` (${JSON.stringify(value)})` : ''}`;
}
