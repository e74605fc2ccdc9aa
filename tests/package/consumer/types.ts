// Type tests: compiling this file is the test. shardline's own types against @types/aws-lambda and
// Powertools, in the consumer's module setting (commonjs, then nodenext).
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  Context,
  KinesisStreamBatchResponse as AwsKinesisStreamBatchResponse,
  KinesisStreamEvent as AwsKinesisStreamEvent,
  KinesisStreamHandler,
} from 'aws-lambda';
import {
  createHandler,
  OnRecord,
  PayloadType,
  StreamHandler,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type LambdaContext,
  type RecordContext,
} from 'shardline';
import { readHandlerFacts, type HandlerFacts } from 'shardline/deployment';
import { unmarshallImage, type DynamoDBImage } from 'shardline/dynamodb';
import { CloudWatchLogsData, CloudWatchLogsMessageType, type CloudWatchLogEvent } from 'shardline/cloudwatch-logs';
import { EventBridgeEvent } from 'shardline/eventbridge';
import { cloudWatchMetrics, xrayTracing, type TracerLike } from 'shardline/observability';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { handler } from './handler';

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const contextIsLambdasContext: MutuallyAssignable<LambdaContext, Context> = true;
export const recordContextLambdaIsLambdasContext: MutuallyAssignable<RecordContext['lambda'], Context> = true;
export const testingContextIsLambdasContext: MutuallyAssignable<ReturnType<typeof lambdaContext>, Context> = true;
export const eventIsLambdasEvent: MutuallyAssignable<KinesisStreamEvent, AwsKinesisStreamEvent> = true;
export const responseIsLambdasResponse: MutuallyAssignable<KinesisStreamBatchResponse, AwsKinesisStreamBatchResponse> = true;

// The generated handler is a KinesisStreamHandler, as it is and when made inline.
export const typed: KinesisStreamHandler = handler;
@StreamHandler()
class Inline {
  @OnRecord('ping')
  ping(): void {}
}
export const inline: KinesisStreamHandler = createHandler([Inline]);

// Lambda's own event and context go in; the response is Lambda's response type.
export async function callWithLambdasTypes(event: AwsKinesisStreamEvent, context: Context): Promise<AwsKinesisStreamBatchResponse> {
  return handler(event, context);
}

// The testing factories feed a handler typed KinesisStreamHandler without a cast.
export async function callTypedWithFactories(): Promise<AwsKinesisStreamBatchResponse | void> {
  const event: AwsKinesisStreamEvent = kinesisEvent([{ data: { type: 'ping' } }]);
  return typed(event, lambdaContext({ remainingTimeMs: 5_000 }), () => undefined);
}

// Powertools takes RecordContext.lambda as its Context.
@StreamHandler()
export class WithPowertools {
  private readonly logger = new Logger({ serviceName: 'orders' });

  @OnRecord('ping')
  ping(_payload: unknown, { lambda }: RecordContext): void {
    this.logger.addContext(lambda);
    this.logger.info('ping');
  }
}

export const image: Record<string, unknown> = unmarshallImage({ id: { S: 'o-1' } } satisfies DynamoDBImage);
export const facts: HandlerFacts | string = readHandlerFacts(handler);

// The format entries: their classes take the main entry's decorators, and type what routes receive.
class OrderPlacedDetail {
  orderId!: string;
}
@PayloadType('OrderPlaced')
export class OrderPlaced extends EventBridgeEvent<OrderPlacedDetail> {}
@StreamHandler()
export class Feeds {
  @OnRecord(CloudWatchLogsData)
  logs(data: CloudWatchLogsData): CloudWatchLogEvent[] {
    return data.messageType === CloudWatchLogsMessageType.data ? data.logEvents : [];
  }

  @OnRecord(OrderPlaced)
  placed(event: OrderPlaced): string {
    return event.detail.orderId;
  }
}

// The observability plug-ins are what the metrics and tracing options take, across the two entries' types.
declare const tracer: TracerLike;
export const observed: KinesisStreamHandler = createHandler([Inline], {
  metrics: cloudWatchMetrics({ namespace: 'Orders', dimensions: { service: 'orders' } }),
  tracing: xrayTracing(tracer),
});
