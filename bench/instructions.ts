/**
 * Instructions per record of scenario A's batch, counted by valgrind (cachegrind): a measure that
 * other tenants of a shared machine cannot disturb, for A/B-testing a change to the hot path
 * (a 2% change is lost in wall or CPU time here, and shows plainly in instructions). Not part of
 * `npm run bench`: it needs valgrind and takes about a minute a peer.
 *
 *   npx tsx bench/instructions.ts [floor,checked-floor,shardline,shardline-async,shardline-by-key,shardline-observed,powertools] [records] [nested|flat]
 *
 * Each peer runs twice under valgrind, for 10 and for 30 batches; the difference divided by
 * 20 batches cancels start-up, module loading, fixture generation and the first optimizing
 * compiles (with fewer warm-up batches, TurboFan compiling a once-a-batch function such as the
 * batch summary lands in the difference and reads as hundreds of instructions a record). V8 runs
 * with fixed hash and random seeds and a predictable GC schedule. Counts repeat within about
 * 0.5%. Instructions are not time (a cache miss costs more than an add), so they decide A/B
 * questions on the framework's own code, while `npm run bench` reports what a batch costs.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BUILD_DIR, buildPrograms, ROOT } from './lib/build';

function instructions(peer: string, records: number, batches: number, shape: string): number {
  const child = spawnSync(
    'valgrind',
    [
      '--tool=cachegrind',
      '--cache-sim=no',
      '--cachegrind-out-file=/dev/null',
      process.execPath,
      '--single-threaded',
      '--hash-seed=1',
      '--random-seed=1',
      '--predictable-gc-schedule',
      resolve(BUILD_DIR, 'probe-instructions.js'),
      peer,
      String(records),
      String(batches),
      shape,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const match = /I\s+refs:\s+([\d,]+)/.exec(child.stderr);
  if (child.status !== 0 || match === null) throw new Error(`valgrind ${peer} failed: ${child.error?.message ?? child.stderr.slice(-500)}`);
  return Number(match[1].replace(/,/g, ''));
}

async function main(): Promise<void> {
  const peers = (process.argv[2] ?? 'floor,shardline').split(',');
  const records = Number(process.argv[3] ?? 2000);
  const shape = process.argv[4] ?? 'nested';
  await buildPrograms({ 'probe-instructions': 'bench/probes/instructions.probe.ts' });
  const perRecord = new Map<string, number>();
  for (const peer of peers) {
    const value = (instructions(peer, records, 30, shape) - instructions(peer, records, 10, shape)) / 20 / records;
    perRecord.set(peer, value);
    const floor = perRecord.get('floor');
    console.log(
      `${peer.padEnd(16)} ${Math.round(value).toLocaleString('en').padStart(7)} instructions per record${floor === undefined || peer === 'floor' ? '' : ` (${(value / floor).toFixed(3)}x floor)`}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
