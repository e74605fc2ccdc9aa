/**
 * Reads a handler module's routes and options at synth time, in a child process.
 *
 * Why a child process: the module is the user's Lambda code. Loaded into the CDK app it could keep
 * the process alive (a client with an open socket hangs `cdk synth`), clash with the app's own
 * TypeScript loader (ts-node, tsx, or none for a compiled app), and would see the app's environment
 * instead of the function's. A fresh Node process with tsx loads TypeScript or JavaScript the same
 * way under any of them, gets the function's environment variables, and exits when done.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HandlerInspectionError } from './errors.js';

/** What the child reports: per export, the handler's routes and options; or why loading failed. */
interface ChildReport {
  readonly ok: boolean;
  readonly exports?: Record<string, unknown>;
  readonly names?: string[];
  readonly error?: { name: string; message: string; frame?: string };
}

/**
 * Runs in the child: loads the module with tsx (as `shardline routes` does) and writes, for every
 * export that looks like a shardline handler, its `routes` and `options` as JSON. Plain JavaScript,
 * so it runs the same from this package's sources and from its build.
 */
const CHILD = `
const { writeFileSync } = require('node:fs');
const [tsxApi, entry, out] = process.argv.slice(1);
let report;
try {
  const loaded = require(tsxApi).require(entry, entry);
  const all = Object.assign({}, loaded && typeof loaded.default === 'object' ? loaded.default : {}, loaded);
  const exports = {};
  for (const [name, value] of Object.entries(all)) {
    if ((typeof value === 'function' || (typeof value === 'object' && value !== null)) && Array.isArray(value.routes)) {
      exports[name] = { routes: value.routes, options: value.options ?? null };
    } else {
      exports[name] = typeof value === 'function' ? 'a function without a route table' : value === null ? 'null' : 'a ' + typeof value;
    }
  }
  report = { ok: true, exports, names: Object.keys(all).filter((name) => name !== '__esModule') };
} catch (error) {
  const stack = String((error && error.stack) || '');
  const frame = stack.split('\\n').map((line) => line.trim()).find((line) => line.startsWith('at ') && line.includes(entry));
  report = { ok: false, error: { name: (error && error.name) || 'Error', message: (error && error.message) || String(error), frame } };
}
writeFileSync(out, JSON.stringify(report));
process.exit(0);
`;

/** How long loading a handler module may take before synth gives up on it. */
const LOAD_TIMEOUT_MS = 120_000;

const cache = new Map<string, ChildReport>();

/**
 * The value the child reported for `exportName` of `entry`: `{ routes, options }` for a shardline
 * handler, or a word on what the export is. Modules are loaded once per entry and environment.
 *
 * @throws HandlerInspectionError when the module is missing, throws while loading, or lacks the export.
 * @example
 * const facts = inspectHandlerExport('src/orders.ts', 'handler', { TABLE_NAME: 'orders' });
 */
export function inspectHandlerExport(entry: string, exportName: string, environment: Readonly<Record<string, string>> = {}): unknown {
  const absolute = resolve(entry);
  if (!existsSync(absolute)) throw new HandlerInspectionError(`handler module not found: ${entry}`);
  const key = JSON.stringify([absolute, environment]);
  let report = cache.get(key);
  if (report === undefined) {
    report = load(absolute, entry, environment);
    cache.set(key, report);
  }
  if (!report.ok) {
    const { name, message, frame } = report.error ?? { name: 'Error', message: 'unknown error' };
    throw new HandlerInspectionError(
      `loading ${entry} at synth time failed: ${name}: ${message}${frame === undefined ? '' : ` (${frame})`}. The construct loads the handler module to check the deployment against its routes and options; make the module load outside Lambda (read what only exists there lazily, or give it in the function's environment)`,
    );
  }
  const exports = report.exports ?? {};
  if (!(exportName in exports)) {
    const names = report.names ?? [];
    throw new HandlerInspectionError(
      `${entry} has no export "${exportName}"${names.length > 0 ? ` (it exports: ${names.join(', ')}); choose one with the handler property` : ' (it exports nothing)'}`,
    );
  }
  return exports[exportName];
}

function load(absolute: string, entry: string, environment: Readonly<Record<string, string>>): ChildReport {
  const dir = mkdtempSync(join(tmpdir(), 'shardline-cdk-'));
  const out = join(dir, 'report.json');
  try {
    const child = spawnSync(process.execPath, ['-e', CHILD, require.resolve('tsx/cjs/api'), absolute, out], {
      cwd: process.cwd(),
      env: { ...process.env, ...environment, SHARDLINE_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: LOAD_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (existsSync(out)) return JSON.parse(readFileSync(out, 'utf8')) as ChildReport;
    const why = child.error !== undefined ? child.error.message : `the loader exited with ${child.status ?? child.signal}`;
    const stderr = (child.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new HandlerInspectionError(`loading ${entry} at synth time failed: ${why}${stderr === '' ? '' : `\n${stderr}`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
