/**
 * C. Cold start: how long loading shardline takes in a fresh process (its peer dependencies are
 * loaded first and not counted), and how much of a minified Lambda bundle of the orders example
 * is shardline. Runs in `bench/run.ts`; each load is timed inside a fresh `node`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { BUILD_DIR, buildLambdaBundle, buildUnbundled, PEERS, ROOT } from '../lib/build';
import type { Row, ScenarioResult } from '../lib/result';
import { pairedRatios, summarize } from '../lib/stats';

const ROUNDS = 15;

interface Probe {
  readonly name: string;
  readonly preload: readonly string[];
  readonly target: readonly string[];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function load(probe: Probe): { wallMs: number; cpuMs: number } {
  const child = spawnSync(process.execPath, [resolve(BUILD_DIR, 'probe-load.js'), JSON.stringify({ preload: probe.preload, target: probe.target })], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`load probe ${probe.name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { wallMs: number; cpuMs: number };
}

/** Bytes of the bundle that came from shardline's sources, and the largest of them. */
function share(metafile: Metafile): { bytes: number; total: number; example: number; largest: string[] } {
  const [output] = Object.values(metafile.outputs);
  const inputs = Object.entries(output.inputs);
  const fromSrc = inputs.filter(([path]) => path.startsWith('src/'));
  const fromExample = inputs.filter(([path]) => path.startsWith('examples/'));
  const largest = [...fromSrc].sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput).slice(0, 5).map(([path, input]) => `${path.slice(4)} ${(input.bytesInOutput / 1024).toFixed(1)} KB`);
  return {
    bytes: fromSrc.reduce((sum, [, input]) => sum + input.bytesInOutput, 0),
    total: output.bytes,
    example: fromExample.reduce((sum, [, input]) => sum + input.bytesInOutput, 0),
    largest,
  };
}

function constant(value: number): ReturnType<typeof summarize> {
  return summarize([value]);
}

export async function coldStart(): Promise<ScenarioResult> {
  const dir = resolve(BUILD_DIR, 'cold');
  const bundled = resolve(dir, 'shardline.min.js');
  const orders = resolve(dir, 'orders.min.js');
  await buildLambdaBundle('src/index.ts', bundled);
  await buildUnbundled(resolve(dir, 'unbundled'), sources(resolve(ROOT, 'src')));
  const ordersMeta = await buildLambdaBundle('examples/orders/handler.ts', orders);

  const probes: Probe[] = [
    { name: 'shardline, one minified bundle (as in a Lambda zip)', preload: PEERS, target: [bundled] },
    { name: 'shardline, one file per module (as installed from npm)', preload: PEERS, target: [resolve(dir, 'unbundled', 'index.js')] },
    { name: 'orders example bundle: load, decorate, createHandler', preload: PEERS, target: [orders] },
    { name: 'the peers: reflect-metadata, class-transformer, class-validator', preload: [], target: PEERS },
    { name: 'Powertools batch', preload: [], target: ['@aws-lambda-powertools/batch'] },
    { name: 'Powertools batch + parser (with zod)', preload: [], target: ['@aws-lambda-powertools/batch', '@aws-lambda-powertools/batch/parser', '@aws-lambda-powertools/parser/helpers', '@aws-lambda-powertools/parser/schemas/kinesis'] },
  ];
  for (const probe of probes) load(probe); // warm the file cache; not counted
  const samples = new Map<string, number[]>(probes.map((probe) => [probe.name, []]));
  const cpus = new Map<string, number[]>(probes.map((probe) => [probe.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < probes.length; k++) {
      const probe = probes[(round + k) % probes.length];
      const { cpuMs, wallMs } = load(probe);
      (samples.get(probe.name) as number[]).push(wallMs);
      (cpus.get(probe.name) as number[]).push(cpuMs);
    }
  }

  const rows: Row[] = probes.map((probe) => ({
    peer: `load: ${probe.name}`,
    unit: 'ms',
    clock: 'wall',
    value: summarize(samples.get(probe.name) as number[]),
    note: `process CPU ${summarize(cpus.get(probe.name) as number[]).median.toFixed(1)} ms`,
  }));
  const size = share(ordersMeta);
  const gzip = gzipSync(readFileSync(orders)).length;
  rows.push(
    { peer: 'bundle: orders example, minified, peers external', unit: 'KB', value: constant(size.total / 1024), note: `${(gzip / 1024).toFixed(1)} KB gzipped` },
    { peer: 'bundle: of which shardline', unit: 'KB', value: constant(size.bytes / 1024), note: `largest: ${size.largest.join(', ')}` },
    { peer: 'bundle: of which the example itself', unit: 'KB', value: constant(size.example / 1024) },
  );

  const loadMs = summarize(samples.get(probes[0].name) as number[]);
  const byPeers = summarize(pairedRatios(samples.get(probes[0].name) as number[], samples.get(probes[3].name) as number[]));
  return {
    id: 'C',
    title: 'Cold start: loading shardline in a fresh node process (its peers loaded first, not counted), and bundle size',
    rows,
    targets: [
      { description: 'C: loading shardline adds ≤ 15 ms', measured: `${loadMs.median.toFixed(1)} ms (p25–p75 ${loadMs.p25.toFixed(1)}–${loadMs.p75.toFixed(1)})`, met: loadMs.median <= 15 },
      { description: 'C: shardline\'s share of the minified orders bundle ≤ 60 KB', measured: `${(size.bytes / 1024).toFixed(1)} KB`, met: size.bytes <= 60 * 1024 },
    ],
    notes: [
      `Each load is timed inside a fresh node process (wall time of the require; the process's CPU time beside it, which also counts V8's background threads), ${ROUNDS} processes per row, rows interleaved; the file cache is warm (as on a Lambda's second cold start on the same host, and as the zip is read from local disk).`,
      `Loading shardline takes ${byPeers.median.toFixed(2)}x the time of loading its peers.`,
      'Bundles: `esbuild --bundle --minify --platform=node --format=cjs` with reflect-metadata, class-transformer and class-validator external; shares from esbuild\'s metafile (bytes in output per source file).',
    ],
  };
}
