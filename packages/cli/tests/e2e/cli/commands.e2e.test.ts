import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis';
import { deaggregate } from '../../../../../tests/support/aws-kinesis-agg';
import { freshStream, isAlive, isZombie, sleep, startHarness, stopHarness, type Harness } from '../local/kinesis-harness';
import { expectNoStackTrace, fixture, jsonLines, runCli } from './cli-harness';

const ORDERS = 'examples/orders/handler.ts';

describe('the shardline CLI', () => {
  let harness: Harness;
  let dir: string;

  beforeAll(async () => {
    harness = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'shardline-cli-'));
  });

  afterAll(async () => {
    await stopHarness(harness);
  });

  function writeRecords(name: string, lines: unknown[]): string {
    const path = join(dir, name);
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    return path;
  }

  async function readStream(streamName: string): Promise<Array<{ partitionKey: string; data: Buffer }>> {
    const { ShardIterator } = await harness.client.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records } = await harness.client.send(new GetRecordsCommand({ ShardIterator }));
    return (Records ?? []).map((r) => ({ partitionKey: r.PartitionKey!, data: Buffer.from(r.Data!) }));
  }

  describe('routes', () => {
    it('prints the route table of a shardline handler', async () => {
      // Act
      const result = await runCli(['routes', ORDERS]);

      // Assert
      expect(result.code).toBe(0);
      const rows = result.stdout.trim().split('\n');
      expect(rows[0]).toMatch(/^#\s+KIND\s+TYPE\s+PARTITION KEY\s+PAYLOAD\s+CODEC\s+METHOD$/);
      expect(rows.slice(1).map((row) => row.split(/\s+/))).toEqual([
        ['1', 'record', 'order.created', '-', 'OrderCreated', 'json', 'Orders.created'],
        ['2', 'record', 'order.cancelled', '-', 'OrderCancelled', 'json', 'Orders.cancelled'],
        ['3', 'invalid', '-', '-', '-', 'json', 'Orders.quarantine'],
      ]);
    });

    it('prints the route table as JSON with --json', async () => {
      // Act
      const result = await runCli(['routes', ORDERS, '--json']);

      // Assert
      expect(result.code).toBe(0);
      const output = JSON.parse(result.stdout) as { routes: Array<{ handler: string; method: string }> };
      expect(output.routes.map((route) => `${route.handler}.${route.method}`)).toEqual(['Orders.created', 'Orders.cancelled', 'Orders.quarantine']);
    });
  });

  describe('invoke', () => {
    it('prints the route and outcome of each record of a shardline handler', async () => {
      // Prepare
      const records = writeRecords('orders.jsonl', [
        { partitionKey: 'c-1', data: { type: 'order.created', orderId: 'o-1', customerId: 'c-1', total: 5, lines: [{ sku: 'a', quantity: 1, unitPrice: 5 }] } },
        { partitionKey: 'c-1', data: { type: 'order.cancelled', orderId: 'o-1', customerId: 'c-1', reason: 'late' } },
        { partitionKey: 'c-2', data: { type: 'order.created', orderId: 'o-2' } },
      ]);

      // Act
      const result = await runCli(['invoke', ORDERS, '--records', records]);

      // Assert
      expect(result.code).toBe(0);
      const rows = result.stdout.split('\n').filter((line) => line.startsWith('…'));
      expect(rows.map((row) => row.split(/\s+/).slice(1, 4))).toEqual([
        ['c-1', 'Orders.created', 'succeeded'],
        ['c-1', 'Orders.cancelled', 'succeeded'],
        ['c-2', 'Orders.quarantine', 'succeeded'],
      ]);
      expect(result.stdout).toContain('response');
      expect(result.stdout).toContain('{"batchItemFailures":[]}');
      expect(result.stdout).toContain('Lambda reads it as: complete success: all 3 record(s) checkpointed');
    });

    it('prints the response of a plain handler and exits 1 when it reports failures', async () => {
      // Act
      const result = await runCli(['invoke', fixture('plain.handler.ts'), '--event', fixture('kinesis-event.json')]);

      // Assert
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('{"batchItemFailures":[{"itemIdentifier":"49590338271490256608559692538361571095921575990136588898"}]}');
      expect(result.stdout).toContain(
        'partial failure: checkpoint at the lowest reported sequence number 49590338271490256608559692538361571095921575990136588898; 1 record(s) checkpointed, 1 redelivered',
      );
      expect(result.stdout).not.toContain('ROUTE');
    });

    it('prints the response, how Lambda reads it and the per-record report as JSON with --json', async () => {
      // Act
      const plain = await runCli(['invoke', fixture('plain.handler.ts'), '--event', fixture('kinesis-event.json'), '--json']);
      const orders = await runCli(['invoke', ORDERS, '--event', fixture('kinesis-event.json'), '--json']);

      // Assert
      expect(JSON.parse(plain.stdout)).toMatchObject({ ok: false, lambda: { kind: 'partial', failedIndex: 1 }, response: { batchItemFailures: [{}] } });
      // The records of the event file are JSON strings without a type: no route matches them, and
      // the handler's log lines about it go to stderr, leaving stdout to the JSON alone.
      const report = JSON.parse(orders.stdout) as { records: Array<{ route?: string; status: string }> };
      expect(orders.stderr).toContain('2 records matched no route and were skipped');
      expect(report).toMatchObject({ ok: true, lambda: { kind: 'success' } });
      expect(report.records.map((r) => [r.route, r.status])).toEqual([
        [undefined, 'skipped'],
        [undefined, 'skipped'],
      ]);
    });

    it('reports a handler that throws with its error and exit code 1', async () => {
      // Act
      const result = await runCli(['invoke', fixture('plain.handler.ts'), '--export', 'throwing', '--event', fixture('kinesis-event.json')]);

      // Assert
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^invocation failed \(\d+ ms\): TypeError: cannot read the order$/m);
      expect(result.stderr).toMatch(/plain\.handler\.ts:\d+:\d+/);
    });

    it('reports a handler that outlives --timeout as timed out, without waiting for it', async () => {
      // Prepare
      const started = Date.now();

      // Act
      const result = await runCli(['invoke', fixture('plain.handler.ts'), '--export', 'slow', '--timeout', '0.2', '--event', fixture('kinesis-event.json')]);

      // Assert
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Task timed out after 0.20 seconds');
      expect(Date.now() - started).toBeLessThan(4_500);
    });
  });

  describe('put', () => {
    it('puts the records of a JSON lines file in order', async () => {
      // Prepare
      const streamName = await freshStream(harness, 1);
      const file = writeRecords('put.jsonl', [
        { partitionKey: 'a', data: { n: 1 } },
        { partitionKey: 'b', data: 'text' },
        { partitionKey: 'a', dataBase64: Buffer.from([0, 1, 2]).toString('base64') },
      ]);

      // Act
      const result = await runCli(['put', streamName, '--file', file, '--endpoint', harness.local.endpoint]);

      // Assert
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(`put 3 records to ${streamName}: shardId-000000000000 3`);
      expect(await readStream(streamName)).toEqual([
        { partitionKey: 'a', data: Buffer.from('{"n":1}') },
        { partitionKey: 'b', data: Buffer.from('text') },
        { partitionKey: 'a', data: Buffer.from([0, 1, 2]) },
      ]);
    });

    it('puts KPL aggregates of one partition key each with --aggregate', async () => {
      // Prepare
      const streamName = await freshStream(harness, 1);
      const lines = Array.from({ length: 7 }, (_, n) => ({ partitionKey: n % 2 === 0 ? 'even' : 'odd', data: { n } }));
      const file = writeRecords('aggregate.jsonl', lines);

      // Act
      const result = await runCli(['put', streamName, '--file', file, '--endpoint', harness.local.endpoint, '--aggregate', '--aggregate-size', '3', '--json']);

      // Assert
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 7, kinesisRecords: 3, aggregated: true });
      const stored = await readStream(streamName);
      expect(stored.every((record) => record.data.subarray(0, 4).equals(Buffer.from([0xf3, 0x89, 0x9a, 0xc2])))).toBe(true);
      const unpacked = stored.map((record) => deaggregate(record.data).map((sub) => `${sub.partitionKey}:${Buffer.from(sub.data, 'base64').toString()}`));
      expect(unpacked).toEqual([['even:{"n":0}', 'even:{"n":2}', 'even:{"n":4}'], ['even:{"n":6}'], ['odd:{"n":1}', 'odd:{"n":3}', 'odd:{"n":5}']]);
    });
  });

  describe('dev', () => {
    it('starts an embedded Kinesis, processes the records it puts, stops when drained and leaves no process behind', async () => {
      // Prepare
      const out = join(dir, 'dev-seen.jsonl');
      const file = writeRecords(
        'dev.jsonl',
        Array.from({ length: 50 }, (_, n) => ({ partitionKey: `k${n % 5}`, data: { n } })),
      );

      // Act
      const result = await runCli(
        ['dev', fixture('counting.handler.ts'), '--shards', '2', '--put', file, '--until-drained', '--poll-interval', '50', '--json'],
        {
          env: { SHARDLINE_TEST_OUT: out },
        },
      );

      // Assert
      expect(result.code).toBe(0);
      const events = jsonLines(result.stdout);
      const endpoint = events.find((e) => e.type === 'endpoint') as { pid: number };
      const summary = events.find((e) => e.type === 'summary')!.summary as { shards: unknown[] };
      expect(summary).toMatchObject({ stoppedBy: 'drained', recordsProcessed: 50, recordsDiscarded: 0 });
      expect(summary.shards).toHaveLength(2);
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(50);
      expect(isAlive(endpoint.pid)).toBe(false);
      // dev waited for the emulator's exit: no zombie is left for an init that may never reap it.
      expect(isZombie(endpoint.pid)).toBe(false);
    });

    it('delivers KPL aggregates put by the CLI to a shardline handler as their user records', async () => {
      // Prepare
      const streamName = await freshStream(harness, 2);
      const out = join(dir, 'aggregate-seen.jsonl');
      const file = writeRecords(
        'agg-dev.jsonl',
        Array.from({ length: 40 }, (_, n) => ({ partitionKey: `k${n % 4}`, data: { n } })),
      );
      await runCli(['put', streamName, '--file', file, '--endpoint', harness.local.endpoint, '--aggregate']);

      // Act
      const result = await runCli(
        [
          'dev',
          fixture('counting.handler.ts'),
          '--endpoint',
          harness.local.endpoint,
          '--stream',
          streamName,
          '--until-drained',
          '--poll-interval',
          '50',
          '--quiet',
        ],
        {
          env: { SHARDLINE_TEST_OUT: out },
        },
      );

      // Assert
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/records processed\s+4\b/);
      const seen = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { partitionKey: string; payload: { n: number } });
      for (const key of ['k0', 'k1', 'k2', 'k3']) {
        const ns = seen.filter((s) => s.partitionKey === key).map((s) => s.payload.n);
        expect(ns).toEqual(Array.from({ length: 10 }, (_, i) => i * 4 + Number(key[1])));
      }
    });

    it('sends a poison record to the on-failure file once the retry flags give up on it', async () => {
      // Prepare
      const streamName = await freshStream(harness, 1);
      const onFailure = join(dir, 'failures.jsonl');
      const file = writeRecords('poison.jsonl', [
        { partitionKey: 'a', data: 'ok' },
        { partitionKey: 'a', data: 'poison' },
        { partitionKey: 'a', data: 'ok' },
      ]);
      await runCli(['put', streamName, '--file', file, '--endpoint', harness.local.endpoint]);

      // Act
      const result = await runCli([
        'dev',
        fixture('poison.handler.ts'),
        '--endpoint',
        harness.local.endpoint,
        '--stream',
        streamName,
        '--maximum-retry-attempts',
        '1',
        '--bisect-batch-on-function-error',
        '--on-failure',
        onFailure,
        '--until-drained',
        '--poll-interval',
        '50',
      ]);

      // Assert
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/bisecting the failed batch into 2 \+ 1/);
      expect(result.stderr).toMatch(/1 record\(s\) discarded \(RetryAttemptsExhausted\) after 2 invocation\(s\)/);
      const lines = readFileSync(onFailure, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
        KinesisBatchInfo: { batchSize: 1 },
      });
      expect(result.stdout).toMatch(/records processed\s+2\b/);
      expect(result.stdout).toMatch(/records discarded\s+1 \(1 on-failure records\)/);
    });

    it('warns that reported failures are ignored with --no-report-batch-item-failures', async () => {
      // Prepare
      const streamName = await freshStream(harness, 1);
      const file = writeRecords('ignored.jsonl', [
        { partitionKey: 'a', data: 'ok' },
        { partitionKey: 'a', data: 'fail' },
      ]);
      await runCli(['put', streamName, '--file', file, '--endpoint', harness.local.endpoint]);

      // Act
      const result = await runCli([
        'dev',
        fixture('plain.handler.ts'),
        '--endpoint',
        harness.local.endpoint,
        '--stream',
        streamName,
        '--no-report-batch-item-failures',
        '--until-drained',
        '--poll-interval',
        '50',
        '--json',
      ]);

      // Assert
      expect(result.code).toBe(0);
      const events = jsonLines(result.stdout);
      expect(events.some((e) => e.type === 'warning' && typeof e.message === 'string' && /ReportBatchItemFailures is off/.test(e.message))).toBe(true);
      expect(events.find((e) => e.type === 'summary')!.summary).toMatchObject({ recordsProcessed: 2, ignoredItemFailures: 1, retries: 0 });
    });

    it('stops on Ctrl-C with a summary, exit code 130 and no process left behind', async () => {
      // Prepare
      let pid = 0;
      let interrupted = false;

      // Act
      const result = await runCli(['dev', fixture('plain.handler.ts'), '--json', '--poll-interval', '50'], {
        onOutput: (stdout, _stderr, child) => {
          const events = jsonLines(stdout.split('\n').slice(0, -1).join('\n'));
          pid ||= (events.find((e) => e.type === 'endpoint')?.pid as number | undefined) ?? 0;
          if (!interrupted && events.some((e) => e.type === 'started')) {
            interrupted = true;
            child.kill('SIGINT');
          }
        },
      });

      // Assert
      expect(interrupted).toBe(true);
      expect(result.code).toBe(130);
      expect((jsonLines(result.stdout).find((e) => e.type === 'summary')!.summary as { stoppedBy: string }).stoppedBy).toBe('stopped');
      await sleep(200);
      expect(pid).toBeGreaterThan(0);
      expect(isAlive(pid)).toBe(false);
      expectNoStackTrace(result.stderr);
    });
  });

  it('prints usage with help and exits 0', async () => {
    // Act
    const [overview, dev] = await Promise.all([runCli(['help']), runCli(['dev', '--help'])]);

    // Assert
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/^Usage:\n {2}shardline dev <module> \[options\]/m);
    expect(dev.stdout).toContain('--maximum-retry-attempts <n>');
    expect(existsSync(dir)).toBe(true);
  });
});
