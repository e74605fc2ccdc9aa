/**
 * The window types against `@types/aws-lambda`: compiling this file is most of the test (ts-jest
 * type-checks it). shardline's event and response types and Lambda's are assignable both ways, and
 * a handler from createHandler is a `KinesisStreamTumblingWindowHandler` as well as a
 * `KinesisStreamHandler`, without a cast.
 */
import 'reflect-metadata';
import type {
  Context,
  KinesisStreamHandler,
  KinesisStreamStateResponse as AwsKinesisStreamStateResponse,
  KinesisStreamTumblingWindowEvent as AwsKinesisStreamTumblingWindowEvent,
  KinesisStreamTumblingWindowHandler,
} from 'aws-lambda';
import { createHandler, OnRecord, StreamHandler, type KinesisStreamStateResponse, type KinesisStreamTumblingWindowEvent } from 'shardline';
import { OnWindowEnd, WindowReduce } from 'shardline/windows';
import { kinesisEvent, lambdaContext } from 'shardline/testing';

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const windowEventIsLambdas: MutuallyAssignable<KinesisStreamTumblingWindowEvent, AwsKinesisStreamTumblingWindowEvent> = true;
export const stateResponseIsLambdas: MutuallyAssignable<KinesisStreamStateResponse, AwsKinesisStreamStateResponse> = true;

@StreamHandler()
class Revenue {
  @OnRecord('order.paid')
  paid(order: { total: number }): number {
    return order.total;
  }

  @WindowReduce()
  add(state: { sum?: number }, total: number) {
    return { sum: (state.sum ?? 0) + total };
  }

  @OnWindowEnd()
  close(): void {}
}

const handler = createHandler([Revenue]);
const windowed: KinesisStreamTumblingWindowHandler = handler;
const plain: KinesisStreamHandler = handler;

async function callWithLambdasTypes(event: AwsKinesisStreamTumblingWindowEvent, context: Context): Promise<AwsKinesisStreamStateResponse> {
  return handler(event, context);
}

describe('the window types', () => {
  it('let Lambda call the handler as a tumbling-window handler, its response carrying the state', async () => {
    const event: AwsKinesisStreamTumblingWindowEvent = kinesisEvent([{ data: { type: 'order.paid', total: 3 } }], {
      window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' },
    });

    const response = await windowed(event, lambdaContext(), () => undefined);

    expect(response).toEqual({ state: { sum: 3 }, batchItemFailures: [] });
    expect(await callWithLambdasTypes(event, lambdaContext())).toEqual({ state: { sum: 3 }, batchItemFailures: [] });
    expect(typeof plain).toBe('function');
  });
});
