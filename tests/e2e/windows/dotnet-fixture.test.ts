/**
 * The tumbling-window event aws-lambda-dotnet's event tests use (tests/fixtures): one record of plain
 * text ("Hello, this is a test.") on partition key "1", the state {"1":282,"2":715} of a window in
 * progress. Its expected answer is the state as it came, and no failures. Before shardline knew
 * windows it answered without `state`, which Lambda counts as a failed invocation.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHandler, OnPartitionKey, StreamHandler, type KinesisStreamTumblingWindowEvent, type RecordContext } from 'shardline';
import { OnWindowEnd, WindowReduce, type WindowContext } from 'shardline/windows';
import { captureLogger } from '../../support/capture-logger';

const EXPECTED = '{"state":{"1":282,"2":715},"batchItemFailures":[]}';

function fixture(): KinesisStreamTumblingWindowEvent {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/kinesis-timewindow-event.json'), 'utf8')) as KinesisStreamTumblingWindowEvent;
}

interface Reading {
  readonly sensor: string;
  readonly value: number;
}

/**
 * What a user would write for that stream: numbered sensors (the partition keys) put their
 * readings as plain text, and the window sums them per sensor, as the state's keys "1" and "2" do.
 * Text that is not a number (like the fixture's greeting) is logged and contributes nothing.
 */
@StreamHandler({ codec: 'text' })
class SensorTotals {
  readonly closed: Array<{ totals: Record<string, number>; window: WindowContext }> = [];

  @OnPartitionKey(/^\d+$/)
  reading(text: string, { record, logger }: RecordContext): Reading | undefined {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      logger.info('not a reading', { partitionKey: record.partitionKey });
      return undefined;
    }
    return { sensor: record.partitionKey, value };
  }

  @WindowReduce()
  add(totals: Record<string, number>, { sensor, value }: Reading): Record<string, number> {
    totals[sensor] = (totals[sensor] ?? 0) + value;
    return totals;
  }

  @OnWindowEnd()
  close(totals: Record<string, number>, window: WindowContext): void {
    this.closed.push({ totals, window });
  }
}

describe("aws-lambda-dotnet's tumbling-window event", () => {
  it('is answered exactly as its source expects by a handler that sums sensor readings per partition key', async () => {
    const handler = createHandler([SensorTotals], { logger: captureLogger() });

    const response = await handler(fixture());

    expect(JSON.stringify(response)).toBe(EXPECTED);
  });

  it('is answered exactly as its source expects by a handler without window methods, which hands the state back unchanged', async () => {
    @StreamHandler({ codec: 'text' })
    class Greetings {
      readonly seen: string[] = [];

      @OnPartitionKey(() => true)
      greet(text: string): void {
        this.seen.push(text);
      }
    }
    const greetings = new Greetings();
    const handler = createHandler([greetings], { logger: captureLogger() });

    const response = await handler(fixture());

    expect(JSON.stringify(response)).toBe(EXPECTED);
    expect(greetings.seen).toEqual(['Hello, this is a test.']);
  });

  it('counts a reading of the same sensor into the state, so the answer above is not the state merely passed through', async () => {
    const handler = createHandler([SensorTotals], { logger: captureLogger() });
    const event = fixture();
    event.Records[0].kinesis.data = Buffer.from('18').toString('base64');

    const response = await handler(event);

    expect(response).toEqual({ state: { '1': 300, '2': 715 }, batchItemFailures: [] });
  });

  it('reports the window it read from the event', async () => {
    const handler = createHandler([SensorTotals], { logger: captureLogger() });

    const { window } = await handler.processBatch(fixture());

    expect(window).toEqual({
      start: '2020-12-09T07:04:00Z',
      end: '2020-12-09T07:06:00Z',
      shardId: 'shardId-000000000006',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream',
      final: false,
      terminatedEarly: false,
      state: { '1': 282, '2': 715 },
      ended: false,
    });
  });
});
