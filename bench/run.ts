/**
 * `npm run bench`: every scenario, one command. Compiles the programs with esbuild, runs each
 * scenario in a fresh `node` child (its peers together, interleaved, on the same events), prints
 * the tables and writes them to `bench/results.md`.
 *
 *   npm run bench                 all scenarios, writes bench/results.md
 *   npm run bench -- --only=A,E   some scenarios, printed only
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { BUILD_DIR, buildPrograms, ROOT } from './lib/build';
import { renderReport } from './lib/report';
import { combine, fasterThan } from './lib/combine';
import type { ScenarioResult, Target } from './lib/result';
import { coldStart } from './scenarios/c-cold-start';
import { memory } from './scenarios/d-memory';

interface Scenario {
  readonly id: string;
  /** A program run in its own child process... */
  readonly entry?: string;
  /** ...once per group (one framework a process), joined with the targets across them... */
  readonly groups?: readonly string[];
  readonly crossTargets?: (values: Record<string, number>) => Target[];
  /** ...or a step run here that spawns its own probes. */
  readonly run?: () => Promise<ScenarioResult>;
}

const POWERTOOLS_A = ['Powertools (sequential)', 'Powertools (parallel)'];
const POWERTOOLS_B = ['Powertools + zod (innerSchema, parallel)', 'Powertools + zod (schema, parallel)'];

const SCENARIOS: readonly Scenario[] = [
  {
    id: 'A',
    entry: 'bench/scenarios/a-dispatch.ts',
    groups: ['shardline', 'flat', 'checks', 'checks-flat', 'powertools', 'observability'],
    crossTargets: (values) => [fasterThan(values, 'A: shardline faster than Powertools', 'shardline', POWERTOOLS_A)],
  },
  {
    id: 'B',
    entry: 'bench/scenarios/b-typed.ts',
    groups: ['shardline', 'flat', 'powertools'],
    crossTargets: (values) => [fasterThan(values, 'B: shardline faster than Powertools + zod', 'shardline', POWERTOOLS_B)],
  },
  { id: 'C', run: coldStart },
  { id: 'D', run: memory },
  { id: 'E', entry: 'bench/scenarios/e-io-ordering.ts' },
  { id: 'F', entry: 'bench/scenarios/f-kpl.ts' },
];

const PROBES: Record<string, string> = {
  'probe-load': 'bench/probes/load.probe.ts',
  'probe-memory-floor': 'bench/probes/memory-floor.probe.ts',
  'probe-memory-shardline': 'bench/probes/memory-shardline.probe.ts',
  'probe-memory-powertools': 'bench/probes/memory-powertools.probe.ts',
};

function programName(entry: string): string {
  return entry.replace(/^.*\//, '').replace(/\.ts$/, '');
}

function machine(): string[] {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [
    `Date: ${new Date().toISOString()}`,
    `Node ${process.version}, Linux ${release()}`,
    `CPU: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Load average when the run started: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')} (a shared machine: see the spreads)`,
  ];
}

function runChild(id: string, program: string, group?: string): ScenarioResult {
  const out = resolve(BUILD_DIR, `result-${id}${group === undefined ? '' : `-${group}`}.json`);
  const args = [resolve(BUILD_DIR, `${program}.js`), out, ...(group === undefined ? [] : [group])];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (child.status !== 0) throw new Error(`scenario ${id}${group === undefined ? '' : ` (${group})`} exited with ${child.status ?? child.signal}`);
  return JSON.parse(readFileSync(out, 'utf8')) as ScenarioResult;
}

function runScenarioProgram(scenario: Scenario): ScenarioResult {
  const program = programName(scenario.entry as string);
  if (scenario.groups === undefined) return runChild(scenario.id, program);
  const parts = scenario.groups.map((group) => runChild(scenario.id, program, group));
  return combine(parts, scenario.crossTargets ?? (() => []));
}

async function main(): Promise<void> {
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .toUpperCase()
    .split(',');
  const selected = SCENARIOS.filter((scenario) => only === undefined || only.includes(scenario.id));
  const header = machine();
  mkdirSync(BUILD_DIR, { recursive: true });
  const entries: Record<string, string> = { ...PROBES };
  for (const scenario of selected) if (scenario.entry !== undefined) entries[programName(scenario.entry)] = scenario.entry;
  await buildPrograms(entries);

  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  const started = Date.now();
  for (const scenario of selected) {
    const t0 = Date.now();
    process.stderr.write(`scenario ${scenario.id}... `);
    try {
      results.push(scenario.entry !== undefined ? runScenarioProgram(scenario) : await (scenario.run as () => Promise<ScenarioResult>)());
      process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      process.stderr.write('failed\n');
      console.error(error);
      failures.push(`scenario ${scenario.id}`);
    }
  }
  header.push(`Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const report = renderReport(results, header, failures);
  process.stdout.write(`${report}\n`);
  if (only === undefined) writeFileSync(resolve(ROOT, 'bench', 'results.md'), `${report}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
