/**
 * Invokes the handler once with records of one shard, as Lambda does (a real Kinesis event, a context
 * that counts down to the timeout), counts the invocation and reports how it ended.
 */
import { randomUUID } from 'node:crypto';
import { callWithDeadline } from './call-with-deadline.js';
import { judgeInvocation, type FailureReason, type InvocationVerdict } from './invocation-verdict.js';
import {
  buildKinesisEvent,
  buildTimeWindowEvent,
  createLambdaContext,
  type EventSource,
  type LocalFunctionConfig,
  type ShardRecord,
  type WindowInvocation,
} from './lambda-event.js';
import type { Emit, RunCounters } from './mapping-events.js';
import type { MappingSettings } from './mapping-options.js';
import type { KinesisLambdaHandler } from './types.js';

const FAILURE_COUNTER: Record<FailureReason, keyof RunCounters> = {
  'function-error': 'functionErrors',
  timeout: 'timeouts',
  'invalid-response': 'invalidResponses',
};

/** Who is invoked, on behalf of which stream, and where the invocations are counted and reported. */
export interface InvokerContext {
  handler: KinesisLambdaHandler;
  fn: LocalFunctionConfig;
  source: Omit<EventSource, 'shardId'>;
  settings: Pick<MappingSettings, 'timeoutMs' | 'reportBatchItemFailures'>;
  counters: RunCounters;
  emit: Emit;
}

/** One invocation's request id and verdict. */
export interface Invocation {
  requestId: string;
  verdict: InvocationVerdict;
}

/** Invokes the handler of a run. */
export class Invoker {
  constructor(private readonly context: InvokerContext) {}

  /**
   * Invokes the handler with `records` (in shard order) and waits for the answer or the timeout.
   *
   * @param attempt 1 for a first delivery, counting up with each failed invocation of the same head record.
   * @param redelivery whether Lambda's semantics deliver these records again (they count as redelivered).
   * @param window the tumbling window the invocation belongs to, when the mapping has one; a final
   *   invocation has no records.
   */
  async invoke(shardId: string, records: ReadonlyArray<ShardRecord>, attempt: number, redelivery: boolean, window?: WindowInvocation): Promise<Invocation> {
    const { counters, emit, settings } = this.context;
    const requestId = randomUUID();
    const sequenceNumbers = records.map((record) => record.sequenceNumber);
    const source = { ...this.context.source, shardId };
    const event = window === undefined ? buildKinesisEvent(records, source) : buildTimeWindowEvent(records, source, window);
    const started = Date.now();
    const deadline = started + settings.timeoutMs;
    const { context: lambdaContext, legacyResult } = createLambdaContext(this.context.fn, deadline, requestId);

    counters.invocations++;
    counters.recordsDelivered += records.length;
    if (redelivery) counters.recordsRedelivered += records.length;
    const firstSequenceNumber = sequenceNumbers[0];
    const lastSequenceNumber = sequenceNumbers[sequenceNumbers.length - 1];
    const inWindow = window === undefined ? {} : { window: window.window };
    if (window?.isFinalInvokeForWindow) {
      emit({ type: 'window-final', shardId, requestId, attempt, window: window.window, terminatedEarly: window.isWindowTerminatedEarly });
    } else {
      emit({ type: 'invoke', shardId, requestId, batchSize: records.length, attempt, firstSequenceNumber, lastSequenceNumber, ...inWindow });
    }

    const outcome = await callWithDeadline(this.context.handler, event, lambdaContext, legacyResult, deadline);
    const base = { shardId, requestId, batchSize: records.length, durationMs: Date.now() - started, ...inWindow };
    const verdict = judgeInvocation(outcome, sequenceNumbers, { ...settings, tumblingWindow: window !== undefined });
    if (window?.isFinalInvokeForWindow && verdict.kind !== 'failed') {
      const { durationMs } = base;
      emit({
        type: 'window-closed',
        shardId,
        requestId,
        durationMs,
        window: window.window,
        state: window.state,
        terminatedEarly: window.isWindowTerminatedEarly,
      });
      return { requestId, verdict };
    }
    switch (verdict.kind) {
      case 'failed': {
        counters[FAILURE_COUNTER[verdict.reason]]++;
        const { reason, message, error } = verdict;
        emit({ ...base, type: 'batch-failed', reason, checkpointed: 0, ...(error !== undefined ? { error } : {}), message });
        break;
      }
      case 'partial':
        emit({
          ...base,
          type: 'batch-failed',
          reason: 'partial',
          checkpointed: verdict.failedIndex,
          failedSequenceNumber: verdict.sequenceNumber,
          message: verdict.message,
        });
        break;
      case 'success':
        if (verdict.ignoredFailures > 0) {
          counters.ignoredItemFailures += verdict.ignoredFailures;
          emit({
            type: 'warning',
            shardId,
            message: `the handler reported ${verdict.ignoredFailures} failed record(s), but ReportBatchItemFailures is off: Lambda ignores the response and checkpoints them as processed`,
          });
        }
        emit({ ...base, type: 'batch-succeeded', checkpoint: lastSequenceNumber });
        break;
    }
    return { requestId, verdict };
  }
}
