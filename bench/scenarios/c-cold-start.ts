/**
 * C. Cold start, from the package users install (`npm pack`, unpacked as `npm i shardline` would):
 * how long loading shardline takes in a fresh process (its peer dependencies are loaded first and
 * not counted), through its ES module build and its CommonJS build, unbundled and bundled; and how
 * much of a minified Lambda bundle of the orders example is shardline. Runs in `bench/run.ts`;
 * each load is timed inside a fresh `node`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Format, Metafile } from 'esbuild';
import { BUILD_DIR, buildLambdaBundle, installPackedShardline, PEERS, ROOT, type PackageBuild } from '../lib/build';
import type { Row, ScenarioResult, Target } from '../lib/result';
import { pairedDifferences, pairedRatios, summarize } from '../lib/stats';

const ROUNDS = 15;
const SHARE_TARGET_KB: Record<PackageBuild, number> = { esm: 40, cjs: 60 };
/** Issue 15's bound (issue 10's was 10 ms). */
const LOAD_TARGET_MS = 5;

interface Probe {
  readonly name: string;
  readonly preload: readonly string[];
  readonly target: readonly string[];
  /**
   * Held to LOAD_TARGET_MS, net of the probe that loads only what it imports (the bundles, what a
   * Lambda loads): the probe of the module that imports only what the bundle imports.
   */
  readonly baseline?: Probe;
}

interface Bundle {
  readonly label: string;
  readonly format: Format;
  readonly packageBuild: PackageBuild;
  readonly file: string;
  /** Held to SHARE_TARGET_KB of its package build. */
  readonly targeted: boolean;
}

function load(probe: Probe): { wallMs: number; cpuMs: number } {
  const child = spawnSync(process.execPath, [resolve(BUILD_DIR, 'probe-load.js'), JSON.stringify({ preload: probe.preload, target: probe.target })], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`load probe ${probe.name} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { wallMs: number; cpuMs: number };
}

/** Bytes of the bundle that came from the installed shardline package, and the largest of its files. */
function share(metafile: Metafile): { bytes: number; total: number; example: number; largest: string[] } {
  const [output] = Object.values(metafile.outputs);
  const inputs = Object.entries(output.inputs);
  const marker = 'node_modules/shardline/';
  const fromPackage = inputs.filter(([path]) => path.includes(marker));
  const fromExample = inputs.filter(([path]) => path.startsWith('examples/'));
  const largest = [...fromPackage]
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 5)
    .map(([path, input]) => `${path.slice(path.indexOf(marker) + marker.length)} ${(input.bytesInOutput / 1024).toFixed(1)} KB`);
  return {
    bytes: fromPackage.reduce((sum, [, input]) => sum + input.bytesInOutput, 0),
    total: output.bytes,
    example: fromExample.reduce((sum, [, input]) => sum + input.bytesInOutput, 0),
    largest,
  };
}

/** The packages and built-ins a bundle imports, as it names them. */
function externalImports(metafile: Metafile): string[] {
  const [output] = Object.values(metafile.outputs);
  return [...new Set(output.imports.filter((entry) => entry.external).map((entry) => entry.path))];
}

function constant(value: number): ReturnType<typeof summarize> {
  return summarize([value]);
}

export async function coldStart(): Promise<ScenarioResult> {
  const dir = resolve(BUILD_DIR, 'cold');
  const packageDir = installPackedShardline(dir);
  const file = (name: string) => resolve(dir, name);

  // The orders example as users bundle it. esbuild picks a package's build by how it is imported,
  // not by the output format: TypeScript sources `import` shardline, so both output formats get the
  // ES module build (tree-shaken). The CommonJS build is what code already compiled to CommonJS
  // (tsc with "module": "commonjs", then bundled) requires; esbuild cannot tree-shake it.
  const bundles: Bundle[] = [
    { label: '--format=esm, ES module build', format: 'esm', packageBuild: 'esm', file: file('orders.esm.min.mjs'), targeted: true },
    {
      label: '--format=cjs, ES module build (TypeScript sources import it)',
      format: 'cjs',
      packageBuild: 'esm',
      file: file('orders.esm-build.min.cjs'),
      targeted: false,
    },
    { label: '--format=cjs, CommonJS build (required)', format: 'cjs', packageBuild: 'cjs', file: file('orders.cjs.min.cjs'), targeted: true },
  ];
  const metafiles = new Map<Bundle, Metafile>();
  for (const bundle of bundles) {
    metafiles.set(
      bundle,
      await buildLambdaBundle('examples/orders/handler.ts', bundle.file, { format: bundle.format, packageDir, packageBuild: bundle.packageBuild }),
    );
  }
  const shardlineOnly = { esm: file('shardline.min.mjs'), cjs: file('shardline.min.cjs') };
  // All of shardline's main entry, each build bundled as it is (nothing for esbuild to drop).
  const esmOnly = await buildLambdaBundle(join(packageDir, 'dist/esm/index.js'), shardlineOnly.esm, { format: 'esm', packageDir, packageBuild: 'esm' });
  const cjsOnly = await buildLambdaBundle(join(packageDir, 'dist/cjs/index.js'), shardlineOnly.cjs, { format: 'cjs', packageDir, packageBuild: 'cjs' });
  // Beside each bundle, a module that imports only what the bundle imports (the peers, node:buffer):
  // resolving those from a new module is Node's work that a handler importing its peers does with
  // or without shardline (for an ES module, some 3 ms of Node's resolver; and the first ES module a
  // process loads from source sets up its loader). shardline's own load is the difference.
  const importsOnly = { esm: file('imports-only.mjs'), cjs: file('imports-only.cjs') };
  writeFileSync(
    importsOnly.esm,
    externalImports(esmOnly)
      .map((path) => `import ${JSON.stringify(path)};\n`)
      .join(''),
  );
  writeFileSync(
    importsOnly.cjs,
    externalImports(cjsOnly)
      .map((path) => `require(${JSON.stringify(path)});\n`)
      .join(''),
  );

  const url = (path: string) => pathToFileURL(path).href;
  const esmImports: Probe = {
    name: 'what the ESM bundle imports, alone (a module beside it that imports only that)',
    preload: PEERS,
    target: [url(importsOnly.esm)],
  };
  const cjsImports: Probe = {
    name: 'what the CJS bundle imports, alone (a module beside it that requires only that)',
    preload: PEERS,
    target: [importsOnly.cjs],
  };
  const probes: Probe[] = [
    {
      name: 'shardline from the package, ES module build: import (unbundled, as installed)',
      preload: PEERS,
      target: [url(join(packageDir, 'dist/esm/index.js'))],
    },
    { name: 'shardline from the package, CommonJS build: require (unbundled, as installed)', preload: PEERS, target: [join(packageDir, 'dist/cjs/index.js')] },
    { name: 'shardline, one minified ESM bundle of the package (as in a Lambda zip)', preload: PEERS, target: [url(shardlineOnly.esm)], baseline: esmImports },
    { name: 'shardline, one minified CJS bundle of the package (as in a Lambda zip)', preload: PEERS, target: [shardlineOnly.cjs], baseline: cjsImports },
    esmImports,
    cjsImports,
    { name: 'orders example, ESM bundle: load, decorate, createHandler', preload: PEERS, target: [url(bundles[0].file)] },
    { name: 'orders example, CJS bundle of the CommonJS build: load, decorate, createHandler', preload: PEERS, target: [bundles[2].file] },
    { name: 'the peers: reflect-metadata, class-transformer, class-validator', preload: [], target: PEERS },
    { name: 'Powertools batch', preload: [], target: ['@aws-lambda-powertools/batch'] },
    {
      name: 'Powertools batch + parser (with zod)',
      preload: [],
      target: [
        '@aws-lambda-powertools/batch',
        '@aws-lambda-powertools/batch/parser',
        '@aws-lambda-powertools/parser/helpers',
        '@aws-lambda-powertools/parser/schemas/kinesis',
      ],
    },
  ];
  const peersProbe = probes.find((probe) => probe.target === PEERS) as Probe;
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
  const targets: Target[] = [];
  for (const probe of probes) {
    if (probe.baseline === undefined) continue;
    const imports = samples.get(probe.baseline.name) as number[];
    const own = summarize(pairedDifferences(samples.get(probe.name) as number[], imports));
    const raw = summarize(samples.get(probe.name) as number[]);
    rows.push({ peer: `load: ${probe.name}, less what it imports (same round)`, unit: 'ms', clock: 'wall', value: own });
    targets.push({
      description: `C: loading ${probe.name.replace(/ \(.*\)$/, '')} ≤ ${LOAD_TARGET_MS} ms (less loading what it imports)`,
      measured: `${own.median.toFixed(1)} ms (p25–p75 ${own.p25.toFixed(1)}–${own.p75.toFixed(1)}); ${raw.median.toFixed(1)} ms with its imports`,
      met: own.median <= LOAD_TARGET_MS,
    });
  }
  for (const bundle of bundles) {
    const size = share(metafiles.get(bundle) as Metafile);
    const gzip = gzipSync(readFileSync(bundle.file)).length;
    rows.push(
      {
        peer: `bundle ${bundle.label}: orders example, minified, peers external`,
        unit: 'KB',
        value: constant(size.total / 1024),
        note: `${(gzip / 1024).toFixed(1)} KB gzipped`,
      },
      { peer: `bundle ${bundle.label}: of which shardline`, unit: 'KB', value: constant(size.bytes / 1024), note: `largest: ${size.largest.join(', ')}` },
      { peer: `bundle ${bundle.label}: of which the example itself`, unit: 'KB', value: constant(size.example / 1024) },
    );
    if (bundle.targeted) {
      const limit = SHARE_TARGET_KB[bundle.packageBuild];
      targets.push({
        description: `C: shardline's share of the minified orders bundle (${bundle.label}) ≤ ${limit} KB`,
        measured: `${(size.bytes / 1024).toFixed(1)} KB`,
        met: size.bytes <= limit * 1024,
      });
    }
  }

  const byPeers = summarize(pairedRatios(samples.get(probes[2].name) as number[], samples.get(peersProbe.name) as number[]));
  return {
    id: 'C',
    title: 'Cold start from the packed package: loading shardline in a fresh node process (its peers loaded first, not counted), and bundle size',
    rows,
    targets,
    notes: [
      'shardline is measured as users install it: `npm pack` of the repository (prepack builds dist/esm and dist/cjs), unpacked into bench/.build/cold/node_modules/shardline; nothing comes from src/.',
      `Each load is timed inside a fresh node process (wall time of the import or require; the process's CPU time beside it, which also counts V8's background threads), ${ROUNDS} processes per row, rows interleaved; the file cache is warm (as on a Lambda's second cold start on the same host, and as the zip is read from local disk).`,
      `Loading the minified ESM bundle of shardline takes ${byPeers.median.toFixed(2)}x the time of loading its peers.`,
      "Bundles: `esbuild --bundle --minify --platform=node` with reflect-metadata, class-transformer and class-validator external; shares from esbuild's metafile (bytes in output per file of the installed package). esbuild takes the build the import asks for (the `import` or `require` condition of the exports map), whatever the output format.",
    ],
  };
}
