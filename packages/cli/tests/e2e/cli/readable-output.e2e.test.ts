import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, runCli } from './cli-harness';

describe('shardline dev with a handler that writes batch lines and metrics', () => {
  it('shows them as readable lines and leaves the handler’s other lines alone', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'shardline-readable-')), 'records.jsonl');
    writeFileSync(file, Array.from({ length: 5 }, (_, n) => JSON.stringify({ partitionKey: 'k', data: { n } })).join('\n') + '\n');

    // Act
    const result = await runCli(['dev', fixture('metrics.handler.ts'), '--put', file, '--until-drained', '--poll-interval', '50', '--quiet']);

    // Assert: the five records may come in more than one batch.
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^shardId-000000000000 {2}batch {2}\d records? {2}\d succeeded {2}[\d.]+ ms {2}oldest [\d.]+ (ms|s)$/m);
    expect(result.stdout).toMatch(/^metric Records\{Route=Orders\.created,Outcome=succeeded\} = \d$/m);
    expect(result.stdout).toMatch(/^metric RecordDuration\{Route=Orders\.created\} count \d {2}p50 [\d.]+ µs {2}max [\d.]+ µs$/m);
    expect(result.stdout).toMatch(/^handled one order$/m);
    expect(result.stdout).not.toContain('"_aws"');
    expect(result.stdout).not.toContain('"batch processed"');
  });
});
