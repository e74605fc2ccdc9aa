/**
 * Cold-start probe, run in a fresh `node` per measurement: requires the modules in `preload`
 * (the peer dependencies, whose cost is not shardline's), then those in `target`, and prints how
 * long the second step took.
 *
 *   node probe-load.js '{"preload":["reflect-metadata"],"target":["/abs/shardline.min.js"]}'
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

/**
 * CPU time of the main thread, in ms, from Linux's schedstat (nanoseconds on the CPU). Loading
 * runs on the main thread; `process.cpuUsage()` would add whatever V8's background threads are
 * still doing for the start of the process, a millisecond or more that every module would pay.
 * On a shared machine the wall clock is stretched by other tenants; this is not.
 */
function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
}

const spec = JSON.parse(process.argv[2] ?? '{}') as { preload?: string[]; target?: string[] };
// Resolve from the repository, where node_modules is, whatever the probe's own location.
const load = createRequire(resolve(process.cwd(), 'package.json'));

for (const id of spec.preload ?? []) load(id);
mainThreadCpuMs(); // the first read of /proc pays for opening it; do that outside the timing
const cpu0 = mainThreadCpuMs();
const t0 = performance.now();
for (const id of spec.target ?? []) load(id);
const wallMs = performance.now() - t0;
const cpuMs = mainThreadCpuMs() - cpu0;
process.stdout.write(JSON.stringify({ wallMs, cpuMs }));
