import 'reflect-metadata';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createHandler, OnPartitionKey, StreamHandler, type Logger } from 'shardline';
import { kinesisEvent } from 'shardline/testing';

describe('a Powertools Logger', () => {
  it('fits the logger option and receives the failure log with the record fields', async () => {
    const lines: string[] = [];
    // Powertools writes errors to stderr through its own Console.
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
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

    try {
      await handler(event);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.message === 'record failed');
    expect(failure).toMatchObject({ level: 'ERROR', service: 'orders', sequenceNumber: event.Records[0].kinesis.sequenceNumber, partitionKey: 'customer-1' });
  });
});
