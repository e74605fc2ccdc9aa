// The same entries imported from an ES module under nodenext: the `import` conditions' types.
import type { Context, KinesisStreamHandler } from 'aws-lambda';
import { createHandler, OnRecord, StreamHandler, type LambdaContext } from 'shardline';
import { readHandlerFacts, type HandlerFacts } from 'shardline/deployment';
import { unmarshallImage } from 'shardline/dynamodb';
import { CloudWatchLogsData } from 'shardline/cloudwatch-logs';
import { EventBridgeEvent } from 'shardline/eventbridge';
import { cloudWatchMetrics, xrayTracing, type TracerLike } from 'shardline/observability';
import { kinesisEvent, lambdaContext } from 'shardline/testing';

@StreamHandler()
class Pings {
  @OnRecord('ping')
  ping(): void {}
}

export const handler: KinesisStreamHandler = createHandler([Pings]);
export const fromLambda = (context: Context): LambdaContext => context;
export const toLambda = (context: LambdaContext): Context => context;
export const run = (): void | Promise<unknown> => handler(kinesisEvent([{ data: { type: 'ping' } }]), lambdaContext(), () => undefined);
export const image: Record<string, unknown> = unmarshallImage({ id: { S: 'o-1' } });
export const facts: HandlerFacts | string = readHandlerFacts(handler);
export const formats: Array<[string, string | undefined]> = [
  [new CloudWatchLogsData().logGroup, new CloudWatchLogsData().policyLevel],
  [new EventBridgeEvent()['detail-type'], new EventBridgeEvent()['replay-name']],
];
declare const tracer: TracerLike;
export const observed: KinesisStreamHandler = createHandler([Pings], { metrics: cloudWatchMetrics({ namespace: 'Pings' }), tracing: xrayTracing(tracer) });
