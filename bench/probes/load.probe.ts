/**
 * Cold-start probe, run in a fresh `node` per measurement: requires the modules in `preload`
 * (the peer dependencies, whose cost is not shardline's), then loads those in `target`, and prints
 * how long the second step took. A target given as a `file:` URL is loaded with `import()` (an ES
 * module, as Node loads an ESM Lambda handler); anything else with `require`. When a target is an
 * ES module the peers are preloaded with `import()` too: Node then reads the named exports of these
 * CommonJS packages (cjs-module-lexer, through every re-export) in the preload, where their cost
 * belongs, not in shardline's time.
 *
 *   node probe-load.js '{"preload":["reflect-metadata"],"target":["/abs/handler.cjs","file:///abs/handler.mjs"]}'
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as { preload?: string[]; target?: string[] };
  // Resolve from the repository, where node_modules is, whatever the probe's own location.
  const load = createRequire(resolve(process.cwd(), 'package.json'));

  const esm = (spec.target ?? []).some((id) => id.startsWith('file:'));
  for (const id of spec.preload ?? []) {
    if (esm) await import(pathToFileURL(load.resolve(id)).href);
    else load(id);
  }
  // Wall time is what a cold start waits for. (Per-thread CPU time would be better on a shared
  // machine, but this kernel updates it only every 4 ms tick; process CPU time also counts V8's
  // background threads, still busy with the start of the process.) Read with process.hrtime, not
  // perf_hooks' `performance`: that would load Node's perf_hooks modules (about 1 ms) before the
  // clock starts, and hide their cost when the target is what loads them (`globalThis.performance`
  // at the top of a module does).
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const id of spec.target ?? []) {
    if (id.startsWith('file:')) await import(id);
    else load(id);
  }
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
}

void main();
