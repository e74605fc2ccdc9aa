/**
 * What Lambda runs is usually an esbuild bundle, and esbuild does not emit decorator metadata
 * (`design:type` and friends). Bundling the orders example with esbuild and running it in a fresh
 * Node process proves nothing in shardline depends on it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(__dirname, '../../..');

describe('the orders example bundled with esbuild', () => {
  it('handles the sample event in a fresh process exactly as under ts-jest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardline-bundle-'));
    const bundle = join(dir, 'handler.js');
    buildSync({
      entryPoints: [join(root, 'examples/orders/handler.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      minify: true,
      alias: { shardline: join(root, 'src/index.ts') },
      logLevel: 'silent',
    });
    const runner = join(dir, 'run.js');
    writeFileSync(
      runner,
      `const { handler } = require(${JSON.stringify(bundle)});
       const event = JSON.parse(require('fs').readFileSync(${JSON.stringify(join(root, 'examples/orders/sample-event.json'))}, 'utf8'));
       handler(event, { getRemainingTimeInMillis: () => 30000 }).then((r) => process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'));`,
    );

    const output = execFileSync(process.execPath, [runner], { env: { ...process.env, SHARDLINE_LOG_LEVEL: 'error' }, encoding: 'utf8' });

    expect(readFileSync(bundle, 'utf8')).not.toContain('design:paramtypes');
    expect(output.trim().split('\n').pop()).toBe('RESULT {"batchItemFailures":[]}');
  });
});
