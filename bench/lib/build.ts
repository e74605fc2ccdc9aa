/**
 * Compiles the benchmark programs with esbuild before anything is timed, so every measurement runs
 * plain JavaScript in plain `node` (no tsx loader, no on-the-fly transpiling), the way a Lambda
 * bundle runs. In the programs `shardline` resolves to the sources, bundled into each program as a
 * Lambda bundle would hold it; the peer libraries stay in node_modules and are loaded as users load
 * them. Scenario C measures the packed package instead (`installPackedShardline`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildOptions, type Format, type Metafile, type Plugin } from 'esbuild';

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

/** Which build of the packed package a bundle takes: the `import` condition's ES modules or the `require` condition's CommonJS. */
export type PackageBuild = 'esm' | 'cjs';

/**
 * `shardline` as `npm i shardline` installs it: `npm pack` of the repository (its prepack builds),
 * unpacked into `<dir>/node_modules/shardline`. Returns that package directory. The peers resolve
 * from the repository's node_modules, above `dir`.
 */
export function installPackedShardline(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const packageDir = join(dir, 'node_modules', 'shardline');
  mkdirSync(packageDir, { recursive: true });
  // A project of its own: without it the nearest package.json is the repository's, named shardline,
  // and \`shardline\` would resolve to the repository itself (a package may import itself by name).
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'shardline-bench-cold-start', private: true }, null, 2)}\n`);
  execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack left no tarball in ${dir}`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', packageDir, '--strip-components=1']);
  return packageDir;
}

/** Resolves `shardline` and its subpaths to the packed package through its `exports` map, as an `import` or a `require` would. */
function packedShardline(packageDir: string, packageBuild: PackageBuild): Plugin {
  const from = dirname(dirname(packageDir));
  return {
    name: 'packed-shardline',
    setup(plugin) {
      plugin.onResolve({ filter: /^shardline(\/.*)?$/ }, async (args) => {
        if (args.pluginData === 'packed') return undefined;
        const found = await plugin.resolve(args.path, {
          kind: packageBuild === 'esm' ? 'import-statement' : 'require-call',
          resolveDir: from,
          pluginData: 'packed',
        });
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path };
      });
    },
  };
}

/**
 * A minified bundle of `entry` with the peers external, as `esbuild --bundle --minify` makes for
 * Lambda, in `format`, with shardline taken from the packed package's `packageBuild`; returns its metafile.
 */
export async function buildLambdaBundle(
  entry: string,
  outfile: string,
  options: { format: Format; packageDir: string; packageBuild: PackageBuild },
): Promise<Metafile> {
  const result = await build({
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: options.format,
    target: 'node20',
    // The repository's tsconfig.json maps `shardline` to src/ (paths); a user's has no such mapping.
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    minify: true,
    external: PEERS,
    metafile: true,
    plugins: [packedShardline(options.packageDir, options.packageBuild)],
    logLevel: 'warning',
  });
  return result.metafile;
}
