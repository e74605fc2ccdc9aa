/**
 * Compiles the benchmark programs with esbuild before anything is timed, so every measurement runs
 * plain JavaScript in plain `node` (no tsx loader, no on-the-fly transpiling), the way a Lambda
 * bundle runs. `shardline` resolves to the sources, bundled into each program as a Lambda bundle
 * would hold it; the peer libraries stay in node_modules and are loaded as users load them.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const BUILD_DIR = resolve(ROOT, 'bench', '.build');

/** shardline's peer dependencies: never bundled, so a user never loads two copies. */
export const PEERS = ['reflect-metadata', 'class-transformer', 'class-validator'];

const shardlineSources: Plugin = {
  name: 'shardline-sources',
  setup(plugin) {
    plugin.onResolve({ filter: /^shardline(\/testing)?$/ }, (args) => ({
      path: resolve(ROOT, args.path === 'shardline' ? 'src/index.ts' : 'src/testing/index.ts'),
    }));
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  tsconfig: resolve(ROOT, 'tsconfig.json'),
  plugins: [shardlineSources],
  logLevel: 'warning',
};

/** Bundles benchmark programs (scenarios and probes) to `bench/.build/<name>.js`. */
export async function buildPrograms(entries: Record<string, string>): Promise<void> {
  await build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, resolve(ROOT, path)])),
    outdir: BUILD_DIR,
    external: [...PEERS, '@aws-lambda-powertools/*', 'zod', 'aws-kinesis-agg'],
  });
}

/** A minified bundle with the peers external, as `esbuild --bundle --minify` makes for Lambda; returns its metafile. */
export async function buildLambdaBundle(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    ...common,
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    minify: true,
    external: PEERS,
    metafile: true,
  });
  return result.metafile as Metafile;
}

/** Each source file of shardline transpiled on its own, as `tsc` lays out `dist/` (an npm install, unbundled). */
export async function buildUnbundled(outdir: string, files: string[]): Promise<void> {
  await build({
    entryPoints: files,
    outdir,
    outbase: resolve(ROOT, 'src'),
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: resolve(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
}
