import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoStackTrace, fixture, runCli } from './cli-harness';

/** A Kinesis event record as Lambda sends it, with the data given as text. */
function eventRecord(sequenceNumber: string, text: string) {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'customer-1',
      sequenceNumber,
      data: Buffer.from(text).toString('base64'),
      approximateArrivalTimestamp: 1714557600.123,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/shardline-local',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders',
  };
}

const SEQ_10 = '49590338271490256608559692538361571095921575989136588810';
const SEQ_20 = '49590338271490256608559692538361571095921575989136588820';
const SEQ_30 = '49590338271490256608559692538361571095921575989136588830';

describe('shardline invoke at the edges', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shardline-invoke-edges-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a records file of blank lines, naming the file and what it should hold', async () => {
    // Arrange
    const records = write('blank.jsonl', '\n   \n\n');

    // Act
    const result = await runCli(['invoke', fixture('plain.handler.ts'), '--records', records]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `shardline invoke: ${records} has no records (only blank lines); expected one JSON object a line, such as {"partitionKey": "customer-1", "data": {"type": "order.created"}}`,
    );
    expect(result.stdout).toBe('');
  });

  it('refuses an event whose Records is empty, naming the file and what it should hold', async () => {
    // Arrange
    const event = write('empty.event.json', '{"Records": []}');

    // Act
    const result = await runCli(['invoke', fixture('plain.handler.ts'), '--event', event]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `shardline invoke: ${event} is not a Kinesis event: "Records" is empty; Lambda never invokes with an empty batch, so give at least one record`,
    );
  });

  it('reports a handler that calls process.exit(0) as a failed invocation, with exit code 1', async () => {
    // Act
    const result = await runCli(['invoke', fixture('exits.handler.ts'), '--event', fixture('kinesis-event.json')]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^invocation failed \(\d+ ms\): the handler called process\.exit \(exit code 0\) before the invocation ended; in Lambda that fails the invocation \(Runtime\.ExitError\)/,
    );
    expect(result.stdout).toBe('');
  });

  it('says so in the --json output too', async () => {
    // Act
    const result = await runCli(['invoke', fixture('exits.handler.ts'), '--event', fixture('kinesis-event.json'), '--json']);

    // Assert
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { ok: boolean; error: { name: string; message: string } };
    expect(output.ok).toBe(false);
    expect(output.error.name).toBe('ProcessExitError');
    expect(output.error.message).toContain('the handler called process.exit (exit code 0)');
  });

  it('explains an out-of-order batch from the lowest reported sequence number, as Lambda does', async () => {
    // Arrange: batch order 30, 10, 20; the handler reports 20 only. Lambda checkpoints at 20 and
    // redelivers 30 and 20 (everything at or above it); only 10 is done.
    const event = write(
      'out-of-order.event.json',
      JSON.stringify({ Records: [eventRecord(SEQ_30, 'ok'), eventRecord(SEQ_10, 'ok'), eventRecord(SEQ_20, 'fail')] }),
    );

    // Act
    const [plain, json] = await Promise.all([
      runCli(['invoke', fixture('plain.handler.ts'), '--event', event]),
      runCli(['invoke', fixture('plain.handler.ts'), '--event', event, '--json']),
    ]);

    // Assert
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`response (`);
    expect(plain.stdout).toContain(
      `Lambda reads it as: partial failure: checkpoint at the lowest reported sequence number ${SEQ_20}; 1 record(s) checkpointed, 2 redelivered (every record from that sequence number on)`,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, lambda: { kind: 'partial', sequenceNumber: SEQ_20, redeliveredCount: 2 } });
  });

  it.each([
    [
      'a records file',
      'secret.jsonl',
      '{"partitionKey":"c-1","data":{"n":1}}\n{"partitionKey":"c-1","data":["4111 1111 1111 1111",]}\n',
      '--records',
      'secret.jsonl:2: not valid JSON at column 53: expected a value',
      /1111/,
    ],
    [
      'an event file',
      'secret.event.json',
      '{"Records": [\n  {"kinesis": {"data": "NDExMSAxMTExIDExMTEgMTExMQ=="}},\n]}',
      '--event',
      'secret.event.json: not valid JSON at line 3, column 1: expected a value',
      /NDEx|MTEx|MQ==/,
    ],
  ])('says where %s is not valid JSON, without quoting its content', async (_case, name, text, flag, message, content) => {
    // Arrange
    const file = write(name, text);

    // Act
    const result = await runCli(['invoke', fixture('plain.handler.ts'), flag, file]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(content);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expectNoStackTrace(result.stderr);
  });
});
