/**
 * The tumbling-window machinery (the window compiler, the fold, state classes, the end method, the
 * 1 MB check) is reached only through `@WindowReduce` and `@OnWindowEnd`, so a bundle of handlers
 * that use neither carries none of it, and a bundle of one that does still runs its window.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import { createHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { revenueOptions, WindowedRevenue } from '../../../examples/windowed-revenue/handler';

const root = resolve(__dirname, '../../..');
/** The modules only window handlers need, as esbuild names its inputs (relative to the root). */
const WINDOW_MODULE = /^src\/(runtime\/window\/|windows\/|routing\/compile-window\.ts$|decorators\/(window-[\w-]+|on-window-end)\.decorator\.ts$)/;
const FIXTURE = join(root, 'tests/fixtures/kinesis-timewindow-event.json');
const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function bundle(entry: string, outfile: string, format: 'esm' | 'cjs' = 'esm'): Metafile {
  const { metafile } = buildSync({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    outfile,
    minify: true,
    metafile: true,
    alias: { shardline: join(root, 'src/index.ts'), 'shardline/windows': join(root, 'src/windows/index.ts') },
    logLevel: 'silent',
  });
  return metafile;
}

/** The window modules with code in the bundle (`metafile.inputs` also lists modules read and then shaken out). */
function windowModules(metafile: Metafile): string[] {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs)
    .filter(([input, { bytesInOutput }]) => WINDOW_MODULE.test(input) && bytesInOutput > 0)
    .map(([input]) => input)
    .sort();
}

describe('the window machinery in an esbuild bundle', () => {
  it('is left out of the bundle of a handler without window methods', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardline-window-'));

    const metafile = bundle('examples/orders/handler.ts', join(dir, 'orders.mjs'));

    expect(Object.values(metafile.outputs)[0].inputs['src/create-handler.ts']?.bytesInOutput).toBeGreaterThan(0);
    expect(windowModules(metafile)).toEqual([]);
  });

  it('is in the bundle of a handler with window methods', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardline-window-'));

    const metafile = bundle('examples/windowed-revenue/handler.ts', join(dir, 'revenue.mjs'));

    expect(windowModules(metafile)).toEqual(
      expect.arrayContaining(['src/routing/compile-window.ts', 'src/runtime/window/fold.ts', 'src/runtime/window/window-runtime.ts']),
    );
  });

  it('folds the window of the bundled windowed-revenue example in a fresh process exactly as under ts-jest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardline-window-'));
    const bundled = join(dir, 'handler.js');
    bundle('examples/windowed-revenue/handler.ts', bundled, 'cjs');
    const paid = kinesisEvent(
      [
        { data: { type: 'order.paid', orderId: 'o-1', customerId: 'c-1', amount: 1250, currency: 'EUR' }, partitionKey: 'c-1' },
        { data: { type: 'order.refunded', orderId: 'o-2', customerId: 'c-2', amount: 300, currency: 'USD' }, partitionKey: 'c-2' },
      ],
      { window: WINDOW, state: { paidCents: 100, refundedCents: 0, payments: 1, refunds: 0 } },
    );
    const events = join(dir, 'events.json');
    writeFileSync(events, JSON.stringify([JSON.parse(readFileSync(FIXTURE, 'utf8')), paid]));
    const runner = join(dir, 'run.js');
    writeFileSync(
      runner,
      `const { handler } = require(${JSON.stringify(bundled)});
       const events = JSON.parse(require('fs').readFileSync(${JSON.stringify(events)}, 'utf8'));
       (async () => {
         for (const event of events) process.stdout.write('RESULT ' + JSON.stringify(await handler(event, { getRemainingTimeInMillis: () => 30000 })) + '\\n');
       })();`,
    );

    const output = execFileSync(process.execPath, [runner], { env: { ...process.env, SHARDLINE_LOG_LEVEL: 'error' }, encoding: 'utf8' });

    const results = output
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('RESULT '));
    expect(results).toEqual([
      'RESULT {"state":{"1":282,"2":715},"batchItemFailures":[]}',
      `RESULT ${JSON.stringify(await createHandler([new WindowedRevenue()], { ...revenueOptions, logger: silent })(paid))}`,
    ]);
    expect(results[1]).toContain('"paidCents":1350');
  });
});
