/** Builds what Lambda hands a Kinesis function: the event, byte for byte, and a context that counts down to a deadline. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { KinesisStreamEvent, KinesisStreamRecord, KinesisTimeWindowEvent, LambdaContext } from './types.js';

/**
 * A record as read from a shard, before it becomes part of an event.
 *
 * @example
 * const record: ShardRecord = { partitionKey: 'c-1', sequenceNumber: '1', data: Buffer.from('{}'), approximateArrivalTimestamp: new Date() };
 */
export interface ShardRecord {
  partitionKey: string;
  sequenceNumber: string;
  data: Uint8Array;
  approximateArrivalTimestamp: Date;
}

/**
 * Where records come from and who invokes the function, as Lambda writes it into each record.
 *
 * @example
 * const source: EventSource = { shardId: 'shardId-000000000000', streamArn, region: 'us-east-1',
 *   invokeIdentityArn: 'arn:aws:iam::000000000000:role/shardline-local' };
 */
export interface EventSource {
  shardId: string;
  streamArn: string;
  region: string;
  invokeIdentityArn: string;
}

/**
 * Builds the Lambda event for records of one shard, byte for byte what Lambda sends: base64 data,
 * arrival time in epoch seconds, `eventID = shardId:sequenceNumber`.
 *
 * @example
 * const event = buildKinesisEvent(records, { shardId: 'shardId-000000000000', streamArn, region: 'us-east-1',
 *   invokeIdentityArn: 'arn:aws:iam::000000000000:role/shardline-local' });
 */
export function buildKinesisEvent(records: ReadonlyArray<ShardRecord>, source: EventSource): KinesisStreamEvent {
  return { Records: records.map((record) => toKinesisStreamRecord(record, source)) };
}

/**
 * Where an invocation stands in a tumbling window: the window (ISO 8601, as Lambda writes it), the state
 * it receives, and whether it is the window's final invocation.
 *
 * @example
 * const window: WindowInvocation = { window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' }, state: {},
 *   isFinalInvokeForWindow: false, isWindowTerminatedEarly: false };
 */
export interface WindowInvocation {
  window: { start: string; end: string };
  state: Record<string, unknown>;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/**
 * Builds the Lambda event of a mapping with a tumbling window: the records (none for a final
 * invocation), then the window fields in the order Lambda writes them. The state is a fresh copy for
 * each invocation, as after Lambda's JSON round trip: a handler that changes it in place changes
 * nothing the next invocation receives.
 *
 * @example
 * const event = buildTimeWindowEvent(records, source, { window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
 *   state: { '1': 282 }, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false });
 */
export function buildTimeWindowEvent(records: ReadonlyArray<ShardRecord>, source: EventSource, window: WindowInvocation): KinesisTimeWindowEvent {
  return {
    Records: records.map((record) => toKinesisStreamRecord(record, source)),
    window: { ...window.window },
    state: JSON.parse(JSON.stringify(window.state)) as Record<string, unknown>,
    shardId: source.shardId,
    eventSourceARN: source.streamArn,
    isFinalInvokeForWindow: window.isFinalInvokeForWindow,
    isWindowTerminatedEarly: window.isWindowTerminatedEarly,
  };
}

/**
 * Builds one record of a Lambda event.
 *
 * @example
 * const record = toKinesisStreamRecord(shardRecord, source);
 * record.eventID; // 'shardId-000000000000:4959...'
 */
export function toKinesisStreamRecord(record: ShardRecord, source: EventSource): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data.buffer, record.data.byteOffset, record.data.byteLength).toString('base64'),
      approximateArrivalTimestamp: record.approximateArrivalTimestamp.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${source.shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
  };
}

/**
 * The function the context describes.
 *
 * @example
 * const fn: LocalFunctionConfig = { functionName: 'orders', region: 'us-east-1', accountId: '000000000000' };
 */
export interface LocalFunctionConfig {
  functionName: string;
  region: string;
  accountId: string;
  /** Default 128. */
  memoryLimitInMB?: number;
}

/**
 * A context and what legacy `done`/`succeed`/`fail` calls settled, if any.
 *
 * @example
 * const { context, legacyResult }: LocalLambdaContext = createLambdaContext(fn, Date.now() + 3_000);
 */
export interface LocalLambdaContext {
  context: LambdaContext;
  /** Settles when the handler calls `done`, `succeed` or `fail` (legacy style); otherwise never. */
  legacyResult: Promise<unknown>;
}

/**
 * Builds a Lambda context whose `getRemainingTimeInMillis()` counts down to `deadline`.
 *
 * @example
 * const { context } = createLambdaContext({ functionName: 'orders', region: 'us-east-1', accountId: '000000000000' },
 *   Date.now() + 3_000);
 * context.getRemainingTimeInMillis(); // about 3000
 */
export function createLambdaContext(config: LocalFunctionConfig, deadline: number, requestId: string = randomUUID()): LocalLambdaContext {
  let resolveLegacy: (value: unknown) => void = () => undefined;
  let rejectLegacy: (error: unknown) => void = () => undefined;
  const legacyResult = new Promise<unknown>((resolve, reject) => {
    resolveLegacy = resolve;
    rejectLegacy = reject;
  });
  // Nobody may be listening when a handler never uses the legacy style.
  legacyResult.catch(() => undefined);
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  const context: LambdaContext = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: config.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(config),
    memoryLimitInMB: String(config.memoryLimitInMB ?? 128),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${config.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: (error, result) => (error ? rejectLegacy(error) : resolveLegacy(result)),
    fail: (error) => rejectLegacy(typeof error === 'string' ? new Error(error) : error),
    succeed: (result) => resolveLegacy(result),
  };
  return { context, legacyResult };
}

/**
 * The ARN of the emulated function.
 *
 * @example
 * functionArn({ functionName: 'orders', region: 'us-east-1', accountId: '000000000000' });
 * // 'arn:aws:lambda:us-east-1:000000000000:function:orders'
 */
export function functionArn(config: LocalFunctionConfig): string {
  return `arn:aws:lambda:${config.region}:${config.accountId}:function:${config.functionName}`;
}

/**
 * Reads region and account out of a stream ARN.
 *
 * @example
 * parseStreamArn('arn:aws:kinesis:eu-west-1:123456789012:stream/orders');
 * // { region: 'eu-west-1', accountId: '123456789012', streamName: 'orders' }
 */
export function parseStreamArn(arn: string): { region: string; accountId: string; streamName: string } | undefined {
  const match = /^arn:[^:]+:kinesis:([^:]+):([^:]*):stream\/(.+)$/.exec(arn);
  return match ? { region: match[1], accountId: match[2], streamName: match[3] } : undefined;
}
