/**
 * Cold-start probe, run in a fresh `node` per measurement: requires the modules in `preload`
 * (the peer dependencies, whose cost is not shardline's), then those in `target`, and prints how
 * long the second step took.
 *
 *   node probe-load.js '{"preload":["reflect-metadata"],"target":["/abs/shardline.min.js"]}'
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

const spec = JSON.parse(process.argv[2] ?? '{}') as { preload?: string[]; target?: string[] };
// Resolve from the repository, where node_modules is, whatever the probe's own location.
const load = createRequire(resolve(process.cwd(), 'package.json'));

for (const id of spec.preload ?? []) load(id);
// Wall time is what a cold start waits for. (Per-thread CPU time would be better on a shared
// machine, but this kernel updates it only every 4 ms tick; process CPU time also counts V8's
// background threads, still busy with the start of the process.)
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const id of spec.target ?? []) load(id);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
