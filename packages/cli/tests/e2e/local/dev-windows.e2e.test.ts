import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jsonLines, runCli } from '../cli/cli-harness';

/** `shardline dev` with a tumbling window or a parallelization factor, as a user runs it: a child process with its own kinesis-local. */
describe('shardline dev with the scale-out and window settings', () => {
  let dir: string;
  const handler = resolve(__dirname, 'fixtures/window-sum.handler.ts');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shardline-dev-windows-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function writeRecords(name: string, count: number): string {
    const file = join(dir, name);
    writeFileSync(file, Array.from({ length: count }, (_, n) => JSON.stringify({ partitionKey: `k${n % 7}`, data: { n } })).join('\n'));
    return file;
  }

  it('closes every window with a final invocation whose state adds up every record put, with --tumbling-window', async () => {
    // Prepare
    const file = writeRecords('window.jsonl', 120);

    // Act
    const result = await runCli([
      'dev',
      handler,
      '--tumbling-window',
      '1',
      '--shards',
      '2',
      '--batch-size',
      '10',
      '--put',
      file,
      '--until-drained',
      '--poll-interval',
      '50',
      '--json',
    ]);

    // Assert
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    const closed = events.filter((event) => event.type === 'window-closed');
    expect(closed.reduce((total, event) => total + (event.state as { sum: number }).sum, 0)).toBe((119 * 120) / 2);
    expect(closed.reduce((total, event) => total + (event.state as { count: number }).count, 0)).toBe(120);
    expect(
      events.filter((event) => event.type === 'invoke').every((event) => typeof (event.window as { start?: unknown } | undefined)?.start === 'string'),
    ).toBe(true);
    expect(events.find((event) => event.type === 'summary')!.summary).toMatchObject({
      recordsProcessed: 120,
      windowsClosed: closed.length,
      windowsTerminatedEarly: 0,
    });
  });

  it('says in its summary how many batches of a shard ran at once, with --parallelization-factor', async () => {
    // Prepare
    const file = writeRecords('parallel.jsonl', 60);

    // Act
    const result = await runCli([
      'dev',
      handler,
      '--parallelization-factor',
      '3',
      '--batch-size',
      '5',
      '--put',
      file,
      '--until-drained',
      '--poll-interval',
      '50',
      '--quiet',
    ]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/polling 1 shard\(s\) of arn:aws:kinesis:\S+, 3 batches per shard at once/);
    expect(result.stdout).toMatch(/records processed\s+60\b/);
    expect(result.stdout).toMatch(/parallelization factor\s+3 batches per shard at once/);
  });
});
