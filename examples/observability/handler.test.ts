import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from 'shardline';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { captureOutput } from '../../tests/support/capture-output';
import { emfProblems, emfValues } from '../../tests/support/emf-spec';
import { Checkout, checkoutOptions, warnWhenSlow } from './handler';

/** Runs `act` with stdout and stderr captured (Powertools Logger writes warnings and errors to stderr, the rest and the EMF lines to stdout), one entry a line. */
async function output(act: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  return (await captureOutput(act)).lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const event = () =>
  kinesisEvent([
    { data: { type: 'payment.captured', paymentId: 'p-1', amount: 30 }, partitionKey: 'customer-1' },
    { data: { type: 'payment.refunded', paymentId: 'p-1', amount: -5 }, partitionKey: 'customer-1' },
    { data: { type: 'payment.captured', paymentId: 'p-2', amount: 12 }, partitionKey: 'customer-2' },
  ]);

describe('the observable checkout', () => {
  it('writes one batch line, with the request and shard, saying which route failed', async () => {
    const handler = createHandler([new Checkout()], checkoutOptions({ metrics: undefined }));

    const lines = await output(() => handler(event(), lambdaContext({ functionName: 'checkout', awsRequestId: 'req-7' })));

    const batch = lines.find((line) => line.message === 'batch processed');
    expect(batch).toMatchObject({
      service: 'checkout',
      requestId: 'req-7',
      shardId: 'shardId-000000000000',
      routes: { 'Checkout.captured': { succeeded: 2 }, 'Checkout.refunded': { failed: 1 } },
    });
    expect(lines.find((line) => line.message === 'payment credited')).toMatchObject({ requestId: 'req-7', partitionKey: 'customer-1', paymentId: 'p-1' });
  });

  it('writes valid CloudWatch EMF: records by route and outcome, record durations, and the batch', async () => {
    const handler = createHandler([new Checkout()], checkoutOptions({ logger: new Logger({ serviceName: 'checkout', logLevel: 'ERROR' }) }));

    const lines = await output(() => handler(event()));

    const documents = lines.filter((line) => '_aws' in line).map((line) => JSON.stringify(line));
    expect(documents.map((document) => emfProblems(document))).toEqual(documents.map(() => []));
    const failed = documents.find((document) => document.includes('"Outcome":"failed"'));
    expect(failed === undefined ? undefined : [(JSON.parse(failed) as { Route: string }).Route, emfValues(failed).Records]).toEqual(['Checkout.refunded', [1]]);
    expect(documents.some((document) => 'OldestRecordAge' in emfValues(document))).toBe(true);
  });

  it('warns about a record slower than the threshold', async () => {
    let clock = 0;
    const slowClock = () => (clock += 1_500);
    const handler = createHandler([new Checkout()], checkoutOptions({ metrics: undefined, batchLog: 'off', interceptors: [warnWhenSlow(1_000, slowClock)] }));

    const lines = await output(() => handler(kinesisEvent([{ data: { type: 'payment.captured', paymentId: 'p-9', amount: 1 } }])));

    expect(lines.filter((line) => line.message === 'slow record')).toEqual([expect.objectContaining({ level: 'WARN', route: 'Checkout.captured', ms: 1_500 })]);
  });
});
