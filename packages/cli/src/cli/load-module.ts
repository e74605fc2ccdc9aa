import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { CliError } from './cli-error.js';
import { findBaseTsconfig, withModuleTsconfig } from './module-tsconfig.js';

/** What `tsx/cjs/api` exports; declared here because `moduleResolution: node` cannot read package exports. */
interface TsxCjsApi {
  register(options: { namespace: string }): { require: (id: string, fromFile: string) => unknown };
}

let loads = 0;

/**
 * Loads a user's TypeScript or JavaScript module without a build step (tsx) and returns one export.
 *
 * @throws CliError when the file is missing, throws while loading, or lacks the export.
 * @example
 * const handler = loadExport('examples/orders/handler.ts', 'handler');
 */
export function loadExport(modulePath: string, exportName: string): unknown {
  const absolute = resolve(modulePath);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new CliError(`module not found: ${modulePath}`);
  let loaded: Record<string, unknown>;
  // Required lazily: tsx hooks the module loader, which only commands that load user code need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsx = require('tsx/cjs/api') as TsxCjsApi;
  // A namespace of its own: the hooks compile only this module and what it imports, with its tsconfig.
  // They stay registered, since the module may load more files while it runs.
  const base = findBaseTsconfig(absolute, process.env, process.cwd());
  let api: ReturnType<TsxCjsApi['register']>;
  const namespace = `shardline-${process.pid}-${++loads}`;
  try {
    api = withModuleTsconfig(absolute, base, () => tsx.register({ namespace }));
  } catch (error) {
    throw new CliError(`cannot use the tsconfig.json of ${modulePath}${base === undefined ? '' : ` (${base})`}: ${(error as Error).message}`, { cause: error });
  }
  shareShardline(namespace);
  try {
    loaded = api.require(absolute, __filename) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`loading ${modulePath} failed: ${describeLoadError(error, absolute)}`, { cause: error });
  }
  if (loaded === null || (typeof loaded !== 'object' && typeof loaded !== 'function')) {
    throw new CliError(`${modulePath} exports ${String(loaded)}, not a module object`);
  }
  if (exportName in loaded && loaded[exportName] !== undefined) return loaded[exportName];
  // An ES module compiled to CommonJS may keep its exports under `default`.
  const fallback = loaded.default as Record<string, unknown> | undefined;
  if (fallback !== null && typeof fallback === 'object' && fallback[exportName] !== undefined) return fallback[exportName];
  const names = Object.keys(loaded).filter((name) => name !== '__esModule');
  throw new CliError(
    `${modulePath} has no export "${exportName}"${names.length > 0 ? ` (it exports: ${names.join(', ')}); choose one with --export` : ' (it exports nothing)'}`,
  );
}

/**
 * Makes the module loaded in `namespace` import the shardline this CLI has loaded, not a copy of
 * its own. tsx keys a namespace's modules `<file>?namespace=<name>`, and a module it finds under
 * that key is not loaded again. Without this the user's module got a second shardline, and with
 * the CommonJS build's shared chunks even a mix of the two: an error made by one copy's class
 * failed the other copy's `instanceof` (a record that failed validation was reported as failed
 * instead of reaching `@OnInvalid`).
 */
function shareShardline(namespace: string): void {
  let root: string;
  try {
    root = dirname(require.resolve('shardline/package.json')) + sep;
  } catch {
    return; // not installed where the CLI can see it: the user's module brings its own
  }
  for (const [file, loadedModule] of Object.entries(require.cache)) {
    if (!file.startsWith(root) || file.includes('?') || file.includes(`${sep}node_modules${sep}`, root.length - 1)) continue;
    require.cache[`${file}?namespace=${namespace}`] ??= loadedModule;
  }
}

/**
 * Loads a handler function, with a clear error when the export is something else.
 *
 * @example
 * const handler = loadHandler('src/handler.ts', 'handler');
 */
export function loadHandler(modulePath: string, exportName: string): (...args: unknown[]) => unknown {
  const value = loadExport(modulePath, exportName);
  if (typeof value !== 'function') {
    throw new CliError(`export "${exportName}" of ${modulePath} is ${value === null ? 'null' : `a ${typeof value}`}, not a handler function`);
  }
  return value as (...args: unknown[]) => unknown;
}

/** The error and the first frame in the user's file, so "where" is not lost with the stack. */
function describeLoadError(error: unknown, absolute: string): string {
  if (!(error instanceof Error)) return String(error);
  const frame = (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at ') && line.includes(absolute));
  const position = frame === undefined ? undefined : /\(?([^()\s]+:\d+:\d+)\)?$/.exec(frame)?.[1];
  const location = position ? ` (at ${position.replace(process.cwd() + '/', '')})` : '';
  return `${error.name}: ${error.message}${location}`;
}
