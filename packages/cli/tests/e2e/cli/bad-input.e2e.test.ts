import { createServer, type Server } from 'node:net';
import { startHarness, stopHarness, type Harness } from '../local/kinesis-harness';
import { expectNoStackTrace, fixture, runCli } from './cli-harness';

/** Every mistake a user can make ends with one clear message, a non-zero exit code, and no hang. */
describe('the CLI on bad input', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  // Concurrent: each case is a separate process, and most of its time is spent starting Node.
  it.concurrent.each([
    ['a module that does not exist', ['routes', 'no/such/module.ts'], /module not found: no\/such\/module\.ts/],
    [
      'a module that throws on load',
      ['routes', fixture('throws-on-load.ts')],
      /loading .*throws-on-load\.ts failed: Error: TABLE_NAME is not set \(at .*throws-on-load\.ts:3:\d+\)/,
    ],
    [
      'a module without the export',
      ['invoke', fixture('plain.handler.ts'), '--export', 'nope', '--event', fixture('kinesis-event.json')],
      /has no export "nope" \(it exports: handler, notAFunction, slow, throwing\); choose one with --export/,
    ],
    [
      'an export that is not a function',
      ['invoke', fixture('plain.handler.ts'), '--export', 'notAFunction', '--event', fixture('kinesis-event.json')],
      /export "notAFunction" of .* is a object, not a handler function/,
    ],
    ['routes of a plain function', ['routes', fixture('plain.handler.ts')], /is not a shardline handler \(it is a plain function/],
    [
      'an event file that is not a Kinesis event',
      ['invoke', fixture('plain.handler.ts'), '--event', fixture('sqs-event.json')],
      /sqs-event\.json is not a Kinesis event: Records\[0\]\.eventSource is "aws:sqs", not "aws:kinesis"/,
    ],
    ['an event file that is not JSON', ['invoke', fixture('plain.handler.ts'), '--event', fixture('malformed.jsonl')], /malformed\.jsonl: not valid JSON/],
    ['an event file that does not exist', ['invoke', fixture('plain.handler.ts'), '--event', 'missing.json'], /cannot read missing\.json: no such file/],
    ['a malformed JSON lines file', ['invoke', fixture('plain.handler.ts'), '--records', fixture('malformed.jsonl')], /malformed\.jsonl:4: not valid JSON/],
    [
      'a JSON line without a partition key',
      ['invoke', fixture('plain.handler.ts'), '--records', fixture('missing-key.jsonl')],
      /missing-key\.jsonl:2: "partitionKey" must be a string/,
    ],
  ])('reports %s with exit code 1', async (_case, args, message) => {
    // Act
    const result = await runCli(args);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expectNoStackTrace(result.stderr);
  });

  it.concurrent.each([
    ['an unknown command', ['deploy'], /unknown command "deploy"/],
    ['an unknown flag', ['dev', 'x.ts', '--batch', '5'], /Unknown option '--batch'/],
    ['a batch size out of range', ['dev', 'x.ts', '--batch-size', '10001'], /--batch-size must be an integer from 1 to 10000, got "10001"/],
    ['a missing module argument', ['routes'], /routes needs <module>/],
    ['invoke without an event', ['invoke', 'x.ts'], /exactly one of --event <file.json> or --records <file.jsonl>/],
    ['AT_TIMESTAMP without a timestamp', ['dev', 'x.ts', '--starting-position', 'AT_TIMESTAMP'], /needs --starting-position-timestamp/],
    ['an endpoint that is not a URL', ['put', 's', '--file', 'f', '--endpoint', 'localhost'], /--endpoint must be an http:\/\/ or https:\/\/ URL/],
  ])('reports %s as a usage error with exit code 2', async (_case, args, message) => {
    // Act
    const result = await runCli(args);

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Run "shardline help" for usage\./);
    expectNoStackTrace(result.stderr);
  });

  it('reports a missing stream for put and for dev', async () => {
    // Act
    const [put, putGood, dev] = await Promise.all([
      runCli(['put', 'no-such-stream', '--file', fixture('malformed.jsonl'), '--endpoint', harness.local.endpoint]),
      runCli(['put', 'no-such-stream', '--file', fixture('records.jsonl'), '--endpoint', harness.local.endpoint]),
      runCli(['dev', fixture('plain.handler.ts'), '--endpoint', harness.local.endpoint, '--stream', 'no-such-stream']),
    ]);

    // Assert: the file is checked first, then the stream.
    expect(put.code).toBe(1);
    expect(put.stderr).toMatch(/malformed\.jsonl:4: not valid JSON/);
    expect(putGood.code).toBe(1);
    expect(putGood.stderr.trim()).toBe(`shardline put: stream "no-such-stream" does not exist on ${harness.local.endpoint}`);
    expect(dev.code).toBe(1);
    expect(dev.stderr.trim()).toBe(`shardline dev: stream "no-such-stream" does not exist on ${harness.local.endpoint}`);
  });

  describe('with an endpoint that refuses or drops connections', () => {
    let server: Server;
    let dropping: string;

    beforeAll(async () => {
      // Accepts connections and closes them at once: neither a Kinesis API nor a refused port.
      server = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      dropping = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it.concurrent.each([
      ['put to a refused port', () => ['put', 's', '--file', fixture('records.jsonl'), '--endpoint', 'http://127.0.0.1:9']],
      ['dev against a refused port', () => ['dev', fixture('plain.handler.ts'), '--endpoint', 'http://127.0.0.1:9', '--stream', 's']],
      ['put to an endpoint that drops connections', () => ['put', 's', '--file', fixture('records.jsonl'), '--endpoint', dropping]],
      ['dev against an endpoint that drops connections', () => ['dev', fixture('plain.handler.ts'), '--endpoint', dropping, '--stream', 's']],
    ])('reports %s as unreachable, quickly', async (_case, args) => {
      // Act
      const started = Date.now();
      const result = await runCli(args(), { timeoutMs: 25_000 });

      // Assert
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/^shardline (put|dev): cannot reach the Kinesis endpoint http:\/\/127\.0\.0\.1:\d+: /);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  });
});
