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
  /** The tumbling window's state: there exactly when the event has a `window` (see `KinesisStreamStateResponse`). */
  state?: WindowState;
}

/**
 * The state Lambda keeps for a tumbling window between the invocations of one shard: a JSON object,
 * at most 1 MB, `{}` when the window opens, dropped after the window's final invocation.
 *
 * @example
 * const state: WindowState = { sum: 282, count: 3 };
 */
export type WindowState = Record<string, unknown>;

/**
 * The event of a Kinesis mapping with a tumbling window (`TumblingWindowInSeconds`): the records,
 * plus the window they belong to, the state the previous invocation of the window returned, and
 * whether this is the window's last invocation. The same shape as `KinesisStreamTumblingWindowEvent`
 * in `@types/aws-lambda`, with the `shardId` and `eventSourceARN` Lambda also sends.
 *
 * @example
 * const event: KinesisStreamTumblingWindowEvent = kinesisEvent([{ data: { total: 3 } }], {
 *   window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
 *   state: { sum: 282 },
 * });
 */
export interface KinesisStreamTumblingWindowEvent extends KinesisStreamEvent {
  /** ISO 8601 times, as Lambda writes them (`2020-12-09T07:04:00Z`); the end is exclusive. */
  window: { start: string; end: string };
  /** What the previous invocation of this window returned as `state`; `{}` when the window opens. */
  state?: WindowState;
  shardId?: string;
  eventSourceARN?: string;
  /** The window's last invocation: its state is dropped after it. */
  isFinalInvokeForWindow: boolean;
  /** Lambda ended the window before its time (the state passed 1 MB, or the shard closed); the rest of the window starts with a fresh state. */
  isWindowTerminatedEarly: boolean;
}

/**
 * What a function must return for a tumbling-window event: Lambda counts a response without
 * `state` as a failed invocation. The same shape as `KinesisStreamStateResponse` in `@types/aws-lambda`.
 *
 * @example
 * const response: KinesisStreamStateResponse = { state: { '1': 282 }, batchItemFailures: [] };
 */
export interface KinesisStreamStateResponse extends Partial<KinesisStreamBatchResponse> {
  state: WindowState;
}

/**
 * The Lambda context of an invocation: the same shape as `Context` in `@types/aws-lambda`, declared
 * here so the runtime package needs no types package. A value of either type is assignable to the
 * other, so `RecordContext.lambda` goes straight to Powertools (`logger.addContext(ctx.lambda)`) and
 * a handler typed `KinesisStreamHandler` gets one as it is.
 *
 * @example
 * import type { Context } from 'aws-lambda';
 * const fromLambda: LambdaContext = context as Context;
 * const ms = fromLambda.getRemainingTimeInMillis();
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
  identity?: LambdaCognitoIdentity | undefined;
  clientContext?: LambdaClientContext | undefined;
  tenantId?: string | undefined;

  getRemainingTimeInMillis(): number;

  // Lambda's callback-era methods: deprecated, but they are part of `Context`, so they are here too.
  /** @deprecated Return a value (or throw) from the handler instead. */
  done(error?: Error, result?: unknown): void;
  /** @deprecated Throw from the handler instead. */
  fail(error: Error | string): void;
  /** @deprecated Return a value from the handler instead. */
  succeed(messageOrObject: unknown): void;
  /** @deprecated Return a value from the handler instead. */
  succeed(message: string, object: unknown): void;
}

/**
 * `LambdaContext.identity`: set when a mobile SDK invoked the function with Amazon Cognito credentials.
 *
 * @example
 * const poolId = context.identity?.cognitoIdentityPoolId;
 */
export interface LambdaCognitoIdentity {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}

/**
 * `LambdaContext.clientContext`: set when a mobile SDK invoked the function.
 *
 * @example
 * const app = context.clientContext?.client.appTitle;
 */
export interface LambdaClientContext {
  client: {
    installationId: string;
    appTitle: string;
    appVersionName: string;
    appVersionCode: string;
    appPackageName: string;
  };
  custom?: unknown;
  env: {
    platformVersion: string;
    platform: string;
    make: string;
    model: string;
    locale: string;
  };
}
