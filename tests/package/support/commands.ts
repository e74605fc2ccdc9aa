/**
 * Runs the commands a user runs (npm, npx, node, tsc, esbuild) as child processes, with an
 * environment free of the npm script that started Jest: `npm test` exports its own prefix and
 * package into npm_* variables, which a nested npm would read as its configuration.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');

/** Settings a user's own npm would have (cache, registry, proxies, certificates); everything else npm_* is the parent script's. */
const KEPT_NPM_CONFIG = /^npm_config_(cache|userconfig|globalconfig|registry|cafile|ca|strict_ssl|proxy|https_proxy|http_proxy|noproxy|no_proxy)$/i;

export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'INIT_CWD' || (/^npm_/i.test(key) && !KEPT_NPM_CONFIG.test(key))) continue;
    env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1', ...extra };
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; never rejects for a non-zero exit (the caller checks `status`). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: userEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** Like `run`, but a non-zero exit is an error that carries the command's output. */
export async function runOk(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  const result = await run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${options.cwd}) exited with ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** The script of a command-line tool among the repository's devDependencies (`attw`, `tsc`); throws when it is missing. */
export function repoBin(packageName: string, command: string): string {
  const dir = join(ROOT, 'node_modules', packageName);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const script = typeof bin === 'string' ? bin : bin?.[command];
  if (script === undefined || !existsSync(join(dir, script)))
    throw new Error(`${packageName} has no ${command} command: install the repository's devDependencies (npm ci)`);
  return join(dir, script);
}

/** The version of a package installed in the repository: the consumer projects install the same ones (the npm cache already has them). */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
