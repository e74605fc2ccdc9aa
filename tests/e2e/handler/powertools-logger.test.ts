import 'reflect-metadata';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createHandler, OnPartitionKey, StreamHandler, type Logger } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { captureOutput } from '../../support/capture-output';

describe('a Powertools Logger', () => {
  it('fits the logger option and receives the failure log with the record fields', async () => {
    const logger: Logger = new PowertoolsLogger({ serviceName: 'orders', logLevel: 'INFO' });
    @StreamHandler()
    class Failing {
      @OnPartitionKey(() => true)
      on() {
        throw new Error('boom');
      }
    }
    const handler = createHandler([Failing], { logger });
    const event = kinesisEvent([{ data: {}, partitionKey: 'customer-1' }]);

    // Powertools writes errors to stderr through its own Console.
    const { lines } = await captureOutput(() => handler(event));

    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.message === 'record failed');
    expect(failure).toMatchObject({ level: 'ERROR', service: 'orders', sequenceNumber: event.Records[0].kinesis.sequenceNumber, partitionKey: 'customer-1' });
  });
});
