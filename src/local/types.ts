/**
 * The Lambda and Kinesis shapes the local runner produces and consumes.
 *
 * They mirror what AWS Lambda sends to a Kinesis consumer, field for field, so a handler written
 * against `@types/aws-lambda` or shardline's own types accepts them unchanged. They are declared here,
 * not imported from the core, so the runner works with any handler, shardline or hand-written.
 */

/**
 * The `kinesis` part of one record of a Kinesis event.
 *
 * @example
 * const payload: KinesisStreamRecordPayload = {
 *   kinesisSchemaVersion: '1.0', partitionKey: 'customer-1',
 *   sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
 *   data: Buffer.from('{"type":"order.created"}').toString('base64'),
 *   approximateArrivalTimestamp: 1714557600.123,
 * };
 */
export interface KinesisStreamRecordPayload {
  kinesisSchemaVersion: string;
  partitionKey: string;
  sequenceNumber: string;
  /** Base64 of the record's bytes. */
  data: string;
  /** Epoch seconds, with a fraction. */
  approximateArrivalTimestamp: number;
}

/**
 * One record of a Kinesis event, as Lambda delivers it.
 *
 * @example
 * const id = record.eventID; // 'shardId-000000000000:4959...'
 */
export interface KinesisStreamRecord {
  kinesis: KinesisStreamRecordPayload;
  eventSource: string;
  eventVersion: string;
  eventID: string;
  eventName: string;
  invokeIdentityArn: string;
  awsRegion: string;
  eventSourceARN: string;
}

/**
 * The event Lambda passes to a Kinesis consumer.
 *
 * @example
 * const event: KinesisStreamEvent = { Records: [] };
 */
export interface KinesisStreamEvent {
  Records: KinesisStreamRecord[];
}

/**
 * One entry of a partial batch response.
 *
 * @example
 * const failure: KinesisStreamBatchItemFailure = { itemIdentifier: record.kinesis.sequenceNumber };
 */
export interface KinesisStreamBatchItemFailure {
  itemIdentifier: string;
}

/**
 * The partial batch response Lambda reads when the mapping has `ReportBatchItemFailures`.
 *
 * @example
 * return { batchItemFailures: [{ itemIdentifier: failed.kinesis.sequenceNumber }] };
 */
export interface KinesisStreamBatchResponse {
  batchItemFailures: KinesisStreamBatchItemFailure[];
}

/**
 * The Lambda context object of the Node.js runtime.
 *
 * @example
 * if (context.getRemainingTimeInMillis() < 1_000) return checkpointNow();
 */
export interface LambdaContext {
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
export type KinesisLambdaHandler = (
  event: KinesisStreamEvent,
  context: LambdaContext,
  callback?: (error?: unknown, result?: unknown) => void,
) => unknown;
