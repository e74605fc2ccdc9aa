import 'reflect-metadata';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createHandler, OnPartitionKey, OnRecord, StreamHandler, type RecordContext } from 'shardline';
import { cloudWatchMetrics } from 'shardline/observability';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { captureOutput } from '../../support/capture-output';
import { emfProblems, emfValues } from '../../support/emf-spec';

/** Everything written to stdout and stderr while `act` runs, one entry a write (Powertools writes a line a call). */
async function capturingOutput(act: () => Promise<unknown>): Promise<string[]> {
  return (await captureOutput(act)).lines;
}

@StreamHandler()
class Orders {
  @OnRecord('order.created')
  created(_order: unknown, { logger }: RecordContext) {
    logger.info('order stored');
  }
}

describe('a Powertools Logger', () => {
  it("gets the invocation's fields on shardline's lines and the record's on what routes log", async () => {
    const logger = new PowertoolsLogger({ serviceName: 'orders', logLevel: 'INFO' });
    const handler = createHandler([Orders], { logger });
    const event = kinesisEvent([{ data: { type: 'order.created' }, partitionKey: 'customer-1' }]);

    const lines = await capturingOutput(() => handler(event, lambdaContext({ functionName: 'orders-fn', awsRequestId: 'req-1' })));

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const invocation = { service: 'orders', requestId: 'req-1', functionName: 'orders-fn', coldStart: true, shardId: 'shardId-000000000000' };
    expect(entries.find((entry) => entry.message === 'order stored')).toMatchObject({
      level: 'INFO',
      ...invocation,
      sequenceNumber: event.Records[0].kinesis.sequenceNumber,
      partitionKey: 'customer-1',
    });
    expect(entries.find((entry) => entry.message === 'batch processed')).toMatchObject({
      level: 'INFO',
      ...invocation,
      records: 1,
      outcomes: { succeeded: 1 },
    });
  });
});

describe('a Powertools Metrics instance', () => {
  it("publishes shardline's metrics in its namespace with its service dimension, in valid EMF documents", async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders', defaultDimensions: { stage: 'test' } });
    @StreamHandler()
    class Numbers {
      @OnPartitionKey(() => true)
      on(payload: { fail?: boolean }) {
        if (payload.fail === true) throw new Error('refused');
      }
    }
    const handler = createHandler([Numbers], { metrics: cloudWatchMetrics(metrics), batchLog: 'off', onFailure: 'continue' });
    const event = kinesisEvent([...Array.from({ length: 150 }, () => ({ data: {} })), { data: { fail: true } }]);

    const lines = await capturingOutput(() => handler(event));

    const documents = lines.filter((line) => line.includes('"_aws"'));
    expect(documents.map((line) => emfProblems(line))).toEqual(documents.map(() => []));
    const parsed = documents.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string }> } });
    expect(new Set(parsed.map((document) => document._aws.CloudWatchMetrics[0].Namespace))).toEqual(new Set(['shop']));
    for (const document of parsed) expect(document).toMatchObject({ service: 'orders', stage: 'test' });
    const values = (name: string, match: Record<string, string>) =>
      documents.filter((line, i) => Object.entries(match).every(([key, value]) => parsed[i][key] === value)).flatMap((line) => emfValues(line)[name] ?? []);
    expect(values('Records', { Route: 'Numbers.on', Outcome: 'succeeded' })).toEqual([150]);
    expect(values('Records', { Route: 'Numbers.on', Outcome: 'failed' })).toEqual([1]);
    expect(values('RecordDuration', { Route: 'Numbers.on' })).toHaveLength(151);
    expect(values('BatchRecords', {})).toEqual([151]);
  });

  it("leaves the user's own stored metrics and dimensions alone", async () => {
    const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });
    metrics.addDimension('tenant', 'acme');
    metrics.addMetric('OrdersPlaced', 'Count', 2);
    const handler = createHandler([Orders], { metrics: cloudWatchMetrics(metrics), batchLog: 'off' });

    await capturingOutput(() => handler(kinesisEvent([{ data: { type: 'order.created' } }])));
    const lines = await capturingOutput(() => Promise.resolve(metrics.publishStoredMetrics()));

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ tenant: 'acme', OrdersPlaced: 2 });
    expect(JSON.parse(lines[0])).not.toHaveProperty('Route');
  });
});
