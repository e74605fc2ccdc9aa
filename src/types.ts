/**
 * The shapes Lambda hands to a Kinesis consumer and expects back. They are structurally identical to
 * the ones in `@types/aws-lambda`, so a handler typed with either fits the other, without making that
 * package a dependency.
 */

/**
 * One record of a Kinesis event, as Lambda delivers it.
 *
 * @example
 * const seq: string = event.Records[0].kinesis.sequenceNumber;
 */
export interface KinesisStreamRecord {
  kinesis: {
    kinesisSchemaVersion: string;
    partitionKey: string;
    sequenceNumber: string;
    /** Base64 of the bytes the producer put. */
    data: string;
    /** Epoch seconds, with a fraction. */
    approximateArrivalTimestamp: number;
    encryptionType?: string;
  };
  eventSource: string;
  eventVersion: string;
  eventID: string;
  eventName: string;
  invokeIdentityArn: string;
  awsRegion: string;
  eventSourceARN: string;
}

/**
 * The event Lambda passes to a function with a Kinesis event source mapping.
 *
 * @example
 * export const handler = (event: KinesisStreamEvent) => event.Records.length;
 */
export interface KinesisStreamEvent {
  Records: KinesisStreamRecord[];
}

/**
 * A partial batch response. Lambda reads it only when the event source mapping has
 * `FunctionResponseTypes: ['ReportBatchItemFailures']`, and then checkpoints at the lowest listed
 * sequence number.
 *
 * @example
 * const response: KinesisStreamBatchResponse = { batchItemFailures: [{ itemIdentifier: seq }] };
 */
export interface KinesisStreamBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/**
 * The part of the Lambda `Context` that shardline reads. A real Lambda context, or the one from
 * `lambdaContext()` in `shardline/testing`, fits it.
 *
 * @example
 * const ms = context.getRemainingTimeInMillis();
 */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  functionName?: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  awsRequestId?: string;
  logGroupName?: string;
  logStreamName?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
}
