import 'reflect-metadata';
import { createHandler, OnPartitionKey, StreamHandler, type KinesisStreamEvent, type RecordContext } from 'shardline';
import { lambdaContext } from 'shardline/testing';
import docsEvent from '../../fixtures/lambda-docs-kinesis-event.json';
import { silentLogger } from '../../support/capture-logger';

describe('the Kinesis example event from the Lambda documentation', () => {
  const event: KinesisStreamEvent = docsEvent;

  it('delivers both plain-text records to a text route in order and reports no failure', async () => {
    const seen: Array<{ text: string; sequenceNumber: string; shardId: string }> = [];
    @StreamHandler()
    class Messages {
      @OnPartitionKey('1', { codec: 'text' })
      message(text: string, { record }: RecordContext) {
        seen.push({ text, sequenceNumber: record.sequenceNumber, shardId: record.shardId });
      }
    }
    const handler = createHandler([Messages], { logger: silentLogger });

    const response = await handler(event, lambdaContext({ remainingTimeMs: 60_000 }));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      { text: 'Hello, this is a test.', sequenceNumber: '49590338271490256608559692538361571095921575989136588898', shardId: 'shardId-000000000006' },
      { text: 'This is only a test.', sequenceNumber: '49590338271490256608559692540925702759324208523137515618', shardId: 'shardId-000000000006' },
    ]);
  });

  it('reports the second record by its own sequence number when its handler throws', async () => {
    @StreamHandler()
    class Messages {
      @OnPartitionKey('1', { codec: 'text' })
      message(text: string) {
        if (text.startsWith('This')) throw new Error('downstream unavailable');
      }
    }
    const handler = createHandler([Messages], { logger: silentLogger });

    const response = await handler(event, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '49590338271490256608559692540925702759324208523137515618' }] });
  });

  it('fails both records with the default JSON codec, since plain text is not JSON', async () => {
    @StreamHandler()
    class Messages {
      @OnPartitionKey('1')
      message() {}
    }
    const handler = createHandler([Messages], { logger: silentLogger });

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[0].kinesis.sequenceNumber },
      { itemIdentifier: event.Records[1].kinesis.sequenceNumber },
    ]);
    expect(records.map((r) => r.status)).toEqual(['failed', 'not-started']);
    expect((records[0].error as Error).name).toBe('RecordDecodeError');
  });
});
