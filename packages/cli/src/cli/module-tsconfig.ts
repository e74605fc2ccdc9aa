import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

/**
 * The tsconfig the CLI loads a user module with: the user's own settings, plus
 * `experimentalDecorators`, applied to the module whatever the user's `include` says.
 *
 * Why: tsx (like esbuild) applies a tsconfig only to the files its `include` covers, and compiles
 * every other file with TypeScript's defaults, standard (TC39) decorators among them. A newcomer who
 * saves `handler.ts` at the root of a project whose tsconfig includes only `src` would otherwise get
 * a DefinitionError from every shardline decorator.
 *
 * @param base the user's tsconfig to extend, or `undefined` when there is none.
 * @param modulePath the absolute path of the module; its file system root bounds `include`.
 * @example
 * moduleTsconfig('/repo/tsconfig.json', '/repo/handler.ts');
 * // { extends: '/repo/tsconfig.json', compilerOptions: { experimentalDecorators: true }, include: ['/**\/*'], exclude: [] }
 */
export function moduleTsconfig(base: string | undefined, modulePath: string): object {
  return {
    ...(base !== undefined && { extends: base }),
    compilerOptions: { experimentalDecorators: true },
    // Every file under the root, not only the module: the files it imports need the same settings,
    // and they may sit anywhere (beside it, in `src`, in a sibling package). tsx never matches a path
    // through node_modules against `include`, so dependencies keep being compiled as they were.
    include: [`${parse(modulePath).root.replace(/\\/g, '/')}**/*`],
    // The user's `exclude` says what `tsc` builds, not how a file the CLI is asked to run is compiled.
    exclude: [],
  };
}

/**
 * The tsconfig whose settings apply to a module: `TSX_TSCONFIG_PATH` when set (tsx's own override),
 * else the nearest `tsconfig.json` above the module, else the nearest above the working directory
 * (where tsx itself looks).
 *
 * @example
 * findBaseTsconfig('/repo/handler.ts', {}, '/repo'); // '/repo/tsconfig.json'
 */
export function findBaseTsconfig(modulePath: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const override = env.TSX_TSCONFIG_PATH;
  if (override !== undefined && override !== '') return resolve(cwd, override);
  return nearestTsconfig(dirname(modulePath)) ?? nearestTsconfig(cwd);
}

function nearestTsconfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Runs `register` (which must read `TSX_TSCONFIG_PATH` synchronously, as tsx's `register()` does)
 * with `TSX_TSCONFIG_PATH` pointing at a generated {@link moduleTsconfig} that extends `base`, then
 * restores the environment and deletes the file, so nothing is left behind and child processes of
 * the user's code see the environment they were started with.
 *
 * @example
 * const api = withModuleTsconfig('/repo/handler.ts', findBaseTsconfig('/repo/handler.ts', process.env, process.cwd()), () =>
 *   tsx.register({ namespace: 'shardline' }),
 * );
 */
export function withModuleTsconfig<T>(modulePath: string, base: string | undefined, register: () => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'shardline-tsconfig-'));
  const previous = process.env.TSX_TSCONFIG_PATH;
  try {
    const path = join(dir, 'tsconfig.json');
    writeFileSync(path, JSON.stringify(moduleTsconfig(base, modulePath)));
    process.env.TSX_TSCONFIG_PATH = path;
    return register();
  } finally {
    if (previous === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = previous;
    rmSync(dir, { recursive: true, force: true });
  }
}
