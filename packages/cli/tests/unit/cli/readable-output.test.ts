import 'reflect-metadata';
import { createHandler, createJsonLogger, OnRecord, StreamHandler } from 'shardline';
import { cloudWatchMetrics } from 'shardline/observability';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { formatLine, readableHandlerOutput } from '../../../src/cli/readable-output';

@StreamHandler()
class Orders {
  @OnRecord('order.created')
  created(order: { fail?: boolean }) {
    if (order.fail === true) throw new Error('refused');
  }
}

/** What a real handler with metrics on writes for one batch: its log lines, then its EMF documents. */
async function linesOfOneBatch(): Promise<string[]> {
  const lines: string[] = [];
  const write = (line: string) => lines.push(line);
  const handler = createHandler([Orders], {
    codec: 'json',
    onFailure: 'continue',
    logger: createJsonLogger({ write }),
    metrics: cloudWatchMetrics({ namespace: 'Test', write }),
  });
  // Lambda's arrival timestamps are in seconds.
  const arrived = (Date.now() - 1_500) / 1_000;
  const records = [false, false, true, false, true].map((fail) => ({ data: { type: 'order.created', fail }, approximateArrivalTimestamp: arrived }));
  await handler(kinesisEvent([...records, { data: { type: 'order.shipped' }, approximateArrivalTimestamp: arrived }]), lambdaContext());
  return lines;
}

describe('formatLine', () => {
  let lines: string[];

  beforeAll(async () => {
    lines = await linesOfOneBatch();
  });

  it('writes a batch line as its shard, records, outcomes, the failing routes, duration and lag', () => {
    // Prepare
    const batchLine = lines.find((line) => line.includes('"batch processed"'))!;

    // Act
    const readable = formatLine(batchLine);

    // Assert
    expect(readable).toMatch(
      /^shardId-000000000000 {2}batch {2}6 records {2}3 succeeded, 1 skipped, 2 failed \(Orders\.created: 2 failed\) {2}[\d.]+ ms {2}oldest 1\.\d s$/,
    );
  });

  it('writes an EMF document as one line per metric, with its dimensions', () => {
    // Prepare
    const documents = lines.filter((line) => line.startsWith('{"_aws"'));

    // Act
    const readable = documents.map((line) => formatLine(line)).join('\n');

    // Assert
    expect(readable.split('\n')).toEqual(
      expect.arrayContaining([
        'metric Records{Route=Orders.created,Outcome=succeeded} = 3',
        'metric Records{Route=Orders.created,Outcome=failed} = 2',
        'metric BatchRecords = 6',
        'metric DeadlineReached = 0',
        expect.stringMatching(/^metric RecordDuration\{Route=Orders\.created\} count 5 {2}p50 [\d.]+ µs {2}max [\d.]+ µs$/),
        expect.stringMatching(/^metric BatchDuration = [\d.]+ ms$/),
        expect.stringMatching(/^metric OldestRecordAge = \d+ ms$/),
      ]),
    );
    expect(readable).not.toContain('_aws');
  });

  it('leaves every other line alone', () => {
    // Prepare
    const others = [...lines.filter((line) => line.includes('"record failed"')), 'plain text', '{not json', '{"message":"batch processed"}', '[1,2]'];

    // Act
    const readable = others.map((line) => formatLine(line));

    // Assert
    expect(others.length).toBeGreaterThan(5);
    expect(readable.every((line) => line === undefined)).toBe(true);
  });
});

describe('readableHandlerOutput', () => {
  it('formats lines written in pieces and passes other output through as written', () => {
    // Prepare
    const written: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const write = process.stdout.write;
    process.stdout.write = (text: string | Uint8Array) => written.push(String(text)) > 0;
    const document =
      '{"_aws":{"CloudWatchMetrics":[{"Namespace":"Test","Dimensions":[[]],"Metrics":[{"Name":"BatchRecords","Unit":"Count"}]}]},"BatchRecords":6}';
    try {
      const restore = readableHandlerOutput();

      // Act
      process.stdout.write('working.');
      process.stdout.write(`..\n${document.slice(0, 30)}`);
      process.stdout.write(Buffer.from(`${document.slice(30)}\n{"partial":`));
      restore();
    } finally {
      process.stdout.write = write;
    }

    // Assert
    expect(written.join('')).toBe('working...\nmetric BatchRecords = 6\n{"partial":');
  });
});
