/**
 * The Lambda and Kinesis shapes the local runner produces and consumes: the core's event shapes
 * (so what the runner builds is exactly what handlers accept) and the full Lambda context a real
 * invocation gets. Nothing here depends on a handler being a shardline one.
 */
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord, LambdaContext as CoreLambdaContext } from 'shardline';

// The event shapes are the core's own, so what the runner builds is exactly what handlers accept.
export type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord };

/** The `kinesis` part of an event record. */
export type KinesisStreamRecordPayload = KinesisStreamRecord['kinesis'];

/** One entry of `batchItemFailures`. */
export type KinesisStreamBatchItemFailure = KinesisStreamBatchResponse['batchItemFailures'][number];

export interface LambdaContext extends CoreLambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** @deprecated Kept because old handlers still call it; return a value instead. */
  done(error?: Error | null, result?: unknown): void;
  /** @deprecated Kept because old handlers still call it; throw instead. */
  fail(error: Error | string): void;
  /** @deprecated Kept because old handlers still call it; return a value instead. */
  succeed(result?: unknown): void;
}

/**
 * Any function Lambda could call for a Kinesis event source: a shardline handler or a hand-written one.
 * The optional callback is the legacy Node.js style; returning a promise is preferred.
 *
 * @example
 * const handler: KinesisLambdaHandler = async (event) => {
 *   for (const record of event.Records) await save(record);
 * };
 */
export type KinesisLambdaHandler = (event: KinesisStreamEvent, context: LambdaContext, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/**
 * What Lambda hands a function on a mapping with a tumbling window: the records of one shard and one
 * window, the window's bounds (ISO 8601), the state the last successful invocation of that window
 * returned (`{}` at its start), and whether this is the window's final invocation (no records then).
 *
 * @example
 * const handler = async (event: KinesisTimeWindowEvent) => {
 *   const state = { ...event.state };
 *   for (const record of event.Records) state[record.kinesis.partitionKey] = (Number(state[record.kinesis.partitionKey]) || 0) + 1;
 *   if (event.isFinalInvokeForWindow) await save(event.window, state);
 *   return { state, batchItemFailures: [] };
 * };
 */
export interface KinesisTimeWindowEvent extends KinesisStreamEvent {
  window: { start: string; end: string };
  state: Record<string, unknown>;
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/**
 * What a function answers on a mapping with a tumbling window: `state` is required (Lambda counts a
 * response without it as a failed invocation); `batchItemFailures` as in any partial batch response.
 *
 * @example
 * const response: TimeWindowEventResponse = { state: { '1': 282, '2': 715 }, batchItemFailures: [] };
 */
export interface TimeWindowEventResponse {
  state: Record<string, unknown>;
  batchItemFailures?: KinesisStreamBatchItemFailure[];
}
