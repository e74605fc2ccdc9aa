/**
 * The Lambda and Kinesis shapes the local runner produces and consumes: the core's event shapes
 * (so what the runner builds is exactly what handlers accept) and the full Lambda context a real
 * invocation gets. Nothing here depends on a handler being a shardline one.
 */
import type {
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  KinesisStreamStateResponse,
  KinesisStreamTumblingWindowEvent,
  LambdaContext as CoreLambdaContext,
  WindowState,
} from 'shardline';

// The event shapes are the core's own, so what the runner builds is exactly what handlers accept.
export type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord, KinesisStreamStateResponse, KinesisStreamTumblingWindowEvent };

/** The `kinesis` part of an event record. */
export type KinesisStreamRecordPayload = KinesisStreamRecord['kinesis'];

/** One entry of `batchItemFailures`. */
export type KinesisStreamBatchItemFailure = KinesisStreamBatchResponse['batchItemFailures'][number];

/** The full Lambda context a real invocation gets: the core's, which has the shape of aws-lambda's `Context`. */
export type LambdaContext = CoreLambdaContext;

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
 * What the runner hands a function on a mapping with a tumbling window: the core's
 * `KinesisStreamTumblingWindowEvent` with every field Lambda sends filled in (the records of one shard
 * and one window, none on a final invocation; the state the window's last accepted response returned,
 * `{}` at its start; the shard and the stream).
 *
 * @example
 * const handler = async (event: KinesisTimeWindowEvent) => {
 *   const state = { ...event.state };
 *   for (const record of event.Records) state[record.kinesis.partitionKey] = (Number(state[record.kinesis.partitionKey]) || 0) + 1;
 *   if (event.isFinalInvokeForWindow) await save(event.window, state);
 *   return { state, batchItemFailures: [] };
 * };
 */
export interface KinesisTimeWindowEvent extends KinesisStreamTumblingWindowEvent {
  state: WindowState;
  shardId: string;
  eventSourceARN: string;
}
