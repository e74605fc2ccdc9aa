import 'reflect-metadata';
import { Tracer } from '@aws-lambda-powertools/tracer';
// The X-Ray SDK that Powertools' Tracer drives: a segment and a context for it, as Lambda makes one.
import AWSXRay from 'aws-xray-sdk-core';
import { createHandler, InvalidOptionError, OnRecord, StreamHandler } from 'shardline';
import { xrayTracing, type TracerLike } from 'shardline/observability';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

interface TracedSegment {
  name: string;
  annotations?: Record<string, unknown>;
  subsegments?: TracedSegment[];
  in_progress?: boolean;
  end_time?: number;
}

@StreamHandler()
class Orders {
  @OnRecord('order.created')
  created(order: { fail?: boolean }) {
    if (order.fail === true) throw new Error('refused');
  }

  @OnRecord('order.cancelled')
  async cancelled() {
    await Promise.resolve();
  }
}

const SECRET = 'jane.doe@example.com';

/** Runs `act` inside an X-Ray context whose current segment is a fresh one, as Lambda's facade segment is. */
async function inSegment(act: () => Promise<unknown>): Promise<TracedSegment> {
  const segment = new AWSXRay.Segment('orders-function');
  await AWSXRay.getNamespace().runAndReturn(async () => {
    AWSXRay.setSegment(segment);
    await act();
  });
  return segment;
}

describe('a Powertools Tracer', () => {
  const environment = process.env.AWS_EXECUTION_ENV;
  let tracer: Tracer;

  beforeAll(() => {
    // Powertools traces only inside Lambda, which it recognises by this variable.
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs20.x';
    AWSXRay.setContextMissingStrategy('IGNORE_ERROR');
    tracer = new Tracer({ serviceName: 'orders', captureHTTPsRequests: false });
  });

  afterAll(() => {
    if (environment === undefined) delete process.env.AWS_EXECUTION_ENV;
    else process.env.AWS_EXECUTION_ENV = environment;
  });

  it('gets a subsegment for the batch and, in it, one for each route, annotated with the route, its records and failures', async () => {
    const handler = createHandler([Orders], { logger: silentLogger, tracing: xrayTracing(tracer), onFailure: 'continue' });
    const event = kinesisEvent([
      { data: { type: 'order.created', email: SECRET } },
      { data: { type: 'order.created', fail: true } },
      { data: { type: 'order.cancelled' } },
    ]);

    const segment = await inSegment(() => handler(event));

    expect(segment.subsegments).toHaveLength(1);
    const [batch] = segment.subsegments as TracedSegment[];
    expect(batch).toMatchObject({ name: 'shardline batch', annotations: { records: 3, failures: 1, deadlineReached: false } });
    expect(batch.in_progress).toBeUndefined();
    expect(batch.subsegments?.map((route) => [route.name, route.annotations])).toEqual([
      ['Orders.created', { route: 'Orders.created', records: 2, failures: 1 }],
      ['Orders.cancelled', { route: 'Orders.cancelled', records: 1, failures: 0 }],
    ]);
    expect(batch.subsegments?.every((route) => route.end_time !== undefined)).toBe(true);
    expect(JSON.stringify(segment)).not.toContain(SECRET);
  });

  it('gives the tracer its segment back when the batch ends', async () => {
    const handler = createHandler([Orders], { logger: silentLogger, tracing: xrayTracing(tracer) });
    let after: unknown;

    const segment = await inSegment(async () => {
      await handler(kinesisEvent([{ data: { type: 'order.cancelled' } }]));
      after = tracer.getSegment();
    });

    expect(after).toBe(segment);
  });

  it('nests what a route traces in the batch subsegment', async () => {
    @StreamHandler()
    class Calling {
      @OnRecord('order.created')
      created() {
        tracer.getSegment()?.addNewSubsegment('DynamoDB').close();
      }
    }
    const handler = createHandler([Calling], { logger: silentLogger, tracing: xrayTracing(tracer) });

    const segment = await inSegment(() => handler(kinesisEvent([{ data: { type: 'order.created' } }])));

    const batch = (segment.subsegments as TracedSegment[])[0];
    expect(batch.subsegments?.map((subsegment) => subsegment.name).sort()).toEqual(['Calling.created', 'DynamoDB']);
  });
});

describe('tracing', () => {
  it('is not attempted when the tracer says tracing is off', async () => {
    const calls: string[] = [];
    const off: TracerLike = {
      isTracingEnabled: () => false,
      getSegment: () => {
        calls.push('getSegment');
        return undefined;
      },
      setSegment: () => {
        calls.push('setSegment');
      },
    };
    const handler = createHandler([Orders], { logger: silentLogger, tracing: xrayTracing(off) });

    const { response } = await handler.processBatch(kinesisEvent([{ data: { type: 'order.created' } }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('never fails a batch, even when the tracer throws', async () => {
    const broken: TracerLike = {
      getSegment: () => ({
        addNewSubsegment: () => {
          throw new Error('X-Ray is down');
        },
        addAnnotation: () => undefined,
        close: () => undefined,
      }),
      setSegment: () => {
        throw new Error('no context');
      },
    };
    const handler = createHandler([Orders], { logger: silentLogger, tracing: xrayTracing(broken) });

    const { response } = await handler.processBatch(kinesisEvent([{ data: { type: 'order.created' } }, { data: { type: 'order.cancelled' } }]));

    expect(response.batchItemFailures).toEqual([]);
  });
});

describe('xrayTracing', () => {
  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'orders'],
    ['an object without setSegment', { getSegment: () => undefined }],
  ])('refuses %s at once', (_what, tracer) => {
    expect(() => xrayTracing(tracer as never)).toThrow(
      new InvalidOptionError('option tracing: xrayTracing takes a Powertools Tracer, or an object with getSegment and setSegment'),
    );
  });
});

describe('createHandler given the tracer option of earlier 0.2 builds', () => {
  it('refuses it, saying the option is now tracing and what to import and call', () => {
    expect(() => createHandler([Orders], { tracer: new Tracer({ serviceName: 'orders' }) } as never)).toThrow(
      new InvalidOptionError(
        "option tracer is now tracing: import { xrayTracing } from 'shardline/observability' and pass tracing: xrayTracing(tracer) with a Powertools Tracer (or an object of its shape)",
      ),
    );
  });
});
