import 'reflect-metadata';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createHandler, InvalidOptionError, OnPartitionKey, OnRecord, StreamHandler, type RecordContext } from 'shardline';
import { cloudWatchMetrics } from 'shardline/observability';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';
import { captureOutput } from '../../support/capture-output';
import { emfProblems, emfValues } from '../../support/emf-spec';

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

type Document = Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> } };

function emfCapture(): { write: (line: string) => void; lines: string[]; documents: () => Document[] } {
  const lines: string[] = [];
  return { write: (line) => lines.push(line), lines, documents: () => lines.map((line) => JSON.parse(line) as Document) };
}

/** The values of a metric across documents whose dimensions are exactly `dimensions` (besides the configured ones). */
function valuesOf(lines: readonly string[], name: string, dimensions: Record<string, string>): number[] {
  return lines
    .filter((line) => {
      const document = JSON.parse(line) as Document;
      const names = document._aws.CloudWatchMetrics[0].Dimensions[0].filter((key) => key === 'Route' || key === 'Outcome');
      return names.length === Object.keys(dimensions).length && names.every((key) => document[key] === dimensions[key]);
    })
    .flatMap((line) => emfValues(line)[name] ?? []);
}

describe('metrics', () => {
  it('count records by route and outcome, time each completed record by route, and describe the batch, in valid EMF', async () => {
    const emf = emfCapture();
    const handler = createHandler([Orders], {
      logger: silentLogger,
      onFailure: 'continue',
      metrics: cloudWatchMetrics({ namespace: 'shop', dimensions: { service: 'orders' }, write: emf.write }),
    });
    const event = kinesisEvent([
      { data: { type: 'order.created', email: SECRET } },
      { data: { type: 'order.created', fail: true } },
      { data: { type: 'order.cancelled' } },
      { data: { type: 'order.cancelled' } },
      { data: { type: 'order.shipped' } },
    ]);

    await handler(event);

    expect(emf.lines.map((line) => emfProblems(line))).toEqual(emf.lines.map(() => []));
    expect(valuesOf(emf.lines, 'Records', { Route: 'Orders.created', Outcome: 'succeeded' })).toEqual([1]);
    expect(valuesOf(emf.lines, 'Records', { Route: 'Orders.created', Outcome: 'failed' })).toEqual([1]);
    expect(valuesOf(emf.lines, 'Records', { Route: 'Orders.cancelled', Outcome: 'succeeded' })).toEqual([2]);
    expect(valuesOf(emf.lines, 'Records', { Route: '(no route)', Outcome: 'skipped' })).toEqual([1]);
    expect(valuesOf(emf.lines, 'RecordDuration', { Route: 'Orders.created' })).toHaveLength(2);
    expect(valuesOf(emf.lines, 'RecordDuration', { Route: 'Orders.cancelled' })).toHaveLength(2);
    expect(valuesOf(emf.lines, 'BatchRecords', {})).toEqual([5]);
    expect(valuesOf(emf.lines, 'DeadlineReached', {})).toEqual([0]);
    expect(valuesOf(emf.lines, 'BatchDuration', {})).toEqual([expect.any(Number)]);
    expect(valuesOf(emf.lines, 'OldestRecordAge', {})).toEqual([expect.any(Number)]);
    for (const document of emf.documents()) {
      expect(document._aws.CloudWatchMetrics[0].Namespace).toBe('shop');
      expect(document.service).toBe('orders');
    }
    expect(emf.lines.join('\n')).not.toContain(SECRET);
  });

  it('write a few documents a batch, never one a record: 1,000 records of two routes make 10 duration documents of 100 values', async () => {
    const emf = emfCapture();
    const handler = createHandler([Orders], { logger: silentLogger, metrics: cloudWatchMetrics({ namespace: 'shop', write: emf.write }) });
    const event = kinesisEvent(Array.from({ length: 1_000 }, (_, i) => ({ data: { type: i % 2 === 0 ? 'order.created' : 'order.cancelled' } })));

    await handler(event);

    const durationDocuments = emf.lines.filter((line) => 'RecordDuration' in emfValues(line));
    expect(durationDocuments.map((line) => emfValues(line).RecordDuration.length)).toEqual(Array.from({ length: 10 }, () => 100));
    // 10 of durations, one count per route and outcome (2), one for the batch.
    expect(emf.lines).toHaveLength(13);
    expect(emf.lines.map((line) => emfProblems(line))).toEqual(emf.lines.map(() => []));
  });

  it.each(['shard', 'partition-key', 'none'] as const)('time every completed record under ordering %s', async (ordering) => {
    const emf = emfCapture();
    const handler = createHandler([Orders], {
      logger: silentLogger,
      ordering,
      onFailure: 'continue',
      metrics: cloudWatchMetrics({ namespace: 'shop', write: emf.write }),
    });
    const event = kinesisEvent(
      Array.from({ length: 30 }, (_, i) => ({
        data: { type: i % 3 === 0 ? 'order.created' : 'order.cancelled', fail: i % 10 === 0 },
        partitionKey: `k-${i % 4}`,
      })),
    );

    const { records } = await handler.processBatch(event);

    const completed = (route: string) =>
      records.filter((record) => record.route === route && (record.status === 'succeeded' || record.status === 'failed')).length;
    expect(completed('Orders.created')).toBeGreaterThan(0);
    expect(valuesOf(emf.lines, 'RecordDuration', { Route: 'Orders.created' })).toHaveLength(completed('Orders.created'));
    expect(valuesOf(emf.lines, 'RecordDuration', { Route: 'Orders.cancelled' })).toHaveLength(completed('Orders.cancelled'));
    expect(valuesOf(emf.lines, 'RecordDuration', { Route: 'Orders.created' }).every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
  });

  it('say when the deadline cut the batch', async () => {
    @StreamHandler()
    class Slow {
      @OnPartitionKey(() => true)
      async wait(_payload: unknown, { signal }: RecordContext) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      }
    }
    const emf = emfCapture();
    const handler = createHandler([Slow], {
      logger: silentLogger,
      deadlineMarginMs: 1_000,
      metrics: cloudWatchMetrics({ namespace: 'shop', write: emf.write }),
    });

    await handler(kinesisEvent([{ data: {} }, { data: {} }]), lambdaContext({ remainingTimeMs: 1_100 }));

    expect(valuesOf(emf.lines, 'DeadlineReached', {})).toEqual([1]);
    expect(valuesOf(emf.lines, 'Records', { Route: 'Slow.wait', Outcome: 'timed-out' })).toEqual([1]);
    expect(valuesOf(emf.lines, 'Records', { Route: '(no route)', Outcome: 'not-started' })).toEqual([1]);
  });

  it('are off by default: nothing in EMF reaches stdout', async () => {
    const { lines } = await captureOutput(
      () => createHandler([Orders], { logger: silentLogger })(kinesisEvent([{ data: { type: 'order.created' } }])),
      ['stdout'],
    );

    expect(lines.filter((line) => line.includes('"_aws"'))).toEqual([]);
  });

  it('go to stdout, one document a line, when no write function is given', async () => {
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await createHandler([Orders], { logger: silentLogger, metrics: cloudWatchMetrics({ namespace: 'shop' }) })(
        kinesisEvent([{ data: { type: 'order.created' } }]),
      );
    } finally {
      spy.mockRestore();
    }

    const documents = chunks.filter((chunk) => chunk.includes('"_aws"'));
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.every((chunk) => chunk.endsWith('\n') && emfProblems(chunk.slice(0, -1)).length === 0)).toBe(true);
  });
});

describe('cloudWatchMetrics', () => {
  it.each<[string, unknown]>([
    ['a namespace CloudWatch refuses', { namespace: 'shop!' }],
    ['no namespace', { dimensions: { service: 'orders' } }],
    ['a Route dimension of its own', { namespace: 'shop', dimensions: { Route: 'x' } }],
    ['a dimension named like a metric', { namespace: 'shop', dimensions: { Records: 'x' } }],
    ['a dimension value that is not a string', { namespace: 'shop', dimensions: { service: 1 } }],
    ['29 dimensions', { namespace: 'shop', dimensions: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`d${i}`, 'x'])) }],
    ['an unknown key', { namespace: 'shop', namespaces: 'x' }],
    ['a string', 'shop'],
  ])('refuses %s at once', (_what, metrics) => {
    expect(() => cloudWatchMetrics(metrics as never)).toThrow(InvalidOptionError);
  });
});

describe('createHandler given metrics the way earlier 0.2 builds took them', () => {
  it.each<[string, unknown]>([
    ['{ namespace }', { namespace: 'shop' }],
    ['a Powertools Metrics instance', new Metrics({ namespace: 'shop' })],
  ])('refuses %s, saying what to import and call', (_what, metrics) => {
    expect(() => createHandler([Orders], { metrics: metrics as never })).toThrow(
      new InvalidOptionError(
        "option metrics takes cloudWatchMetrics(...): import { cloudWatchMetrics } from 'shardline/observability' and pass metrics: cloudWatchMetrics({ namespace, dimensions }), or cloudWatchMetrics(metrics) with a Powertools Metrics instance",
      ),
    );
  });
});
