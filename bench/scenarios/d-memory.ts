/**
 * D. Memory: peak RSS of a fresh `node` handling one 6 MB event (Lambda's largest invocation
 * payload), shardline against the hand-written floor, with Powertools for reference. Runs in
 * `bench/run.ts`; each measurement is its own process, so the peak is that handler's alone.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventOfSize } from '../fixtures/orders';
import { BUILD_DIR, ROOT } from '../lib/build';
import { formatRatio, type Row, type ScenarioResult } from '../lib/result';
import { pairedRatios, summarize } from '../lib/stats';

const ROUNDS = 5;
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

interface Measurement {
  readonly maxRssMB: number;
  readonly rssBeforeMB: number;
  readonly records: number;
}

const PROBES = [
  { name: 'hand-written floor', program: 'probe-memory-floor' },
  { name: 'shardline', program: 'probe-memory-shardline' },
  { name: 'Powertools (parallel)', program: 'probe-memory-powertools' },
];

function probe(program: string, eventPath: string): Measurement {
  const child = spawnSync(process.execPath, [resolve(BUILD_DIR, `${program}.js`), eventPath], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${program} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measurement;
}

export function memory(): Promise<ScenarioResult> {
  const { json, event } = eventOfSize(MAX_EVENT_BYTES);
  const eventPath = resolve(BUILD_DIR, 'event-6mb.json');
  writeFileSync(eventPath, json);

  const peaks = new Map<string, number[]>(PROBES.map((p) => [p.name, []]));
  const added = new Map<string, number[]>(PROBES.map((p) => [p.name, []]));
  for (const p of PROBES) probe(p.program, eventPath); // warm the file cache; not counted
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < PROBES.length; k++) {
      const p = PROBES[(round + k) % PROBES.length];
      const m = probe(p.program, eventPath);
      (peaks.get(p.name) as number[]).push(m.maxRssMB);
      (added.get(p.name) as number[]).push(m.maxRssMB - m.rssBeforeMB);
    }
  }
  const floor = peaks.get('hand-written floor') as number[];
  const rows: Row[] = PROBES.map((p) => ({
    peer: `${p.name}: peak RSS`,
    unit: 'MB',
    value: summarize(peaks.get(p.name) as number[]),
    ...(p.name !== 'hand-written floor' && { ratio: { to: 'floor', value: summarize(pairedRatios(peaks.get(p.name) as number[], floor)) } }),
    note: `peak minus RSS before the handler ran: ${summarize(added.get(p.name) as number[]).median.toFixed(1)} MB`,
  }));
  const ratio = summarize(pairedRatios(peaks.get('shardline') as number[], floor));
  // Synchronous work (spawnSync) behind the asynchronous signature every scenario step has.
  return Promise.resolve({
    id: 'D',
    title: `Memory: peak RSS handling one event of ${(json.length / 2 ** 20).toFixed(2)} MB (${event.Records.length.toLocaleString('en')} records of ~1 KB JSON), fresh process each`,
    rows,
    targets: [{ description: "D: shardline peak RSS ≤ 1.5x the floor loop's", measured: formatRatio(ratio), met: ratio.median <= 1.5 }],
    notes: [
      `${ROUNDS} processes per peer, interleaved. Each reads the event file and parses it (what the Lambda runtime does before the handler), then runs the handler once; peak is \`process.resourceUsage().maxRSS\`. The shardline process also loads its peers (class-transformer, class-validator), which the floor does not.`,
    ],
  });
}
