/**
 * Timing of peers on the same input in the same process. Each round runs every peer once, in an
 * order that rotates from round to round (so no peer always runs right after the same neighbour
 * or always first), with a full GC before each run when `--expose-gc` is on (so a peer does not
 * pay for the garbage of the one before it; the garbage it makes itself it still pays for, since
 * a GC during the run is part of its cost).
 */
import { performance } from 'node:perf_hooks';
import type { Row } from './result';
import { pairedRatios, summarize, type Summary } from './stats';

export interface Peer {
  readonly name: string;
  /** One measured unit of work (one batch). */
  run(): unknown;
  /** Throws when a run's result is wrong: checked after every run, outside the timing. */
  check?(result: unknown): void;
}

export interface Plan {
  /** Unmeasured runs of every peer first, to let V8 optimise the hot paths. */
  readonly warmup: number;
  readonly rounds: number;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/**
 * Collects garbage left by whatever ran before, when the process was started with `--expose-gc`,
 * and then waits: a full GC leaves V8's helper threads sweeping for a few milliseconds (5-13 ms of
 * CPU after a GC of scenario A's heap, all within the first 10 ms), and a run started at once
 * would be charged for it, which pulls every ratio towards 1.
 */
export async function collectGarbage(): Promise<void> {
  if (gc === undefined) return;
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Samples in ms by peer name, in round order: CPU time of the process (user + system, from
 * `process.cpuUsage`) and wall-clock time. On a shared machine another tenant's load stretches the
 * wall clock of whichever run it lands on, while the CPU time a run costs stays put; so CPU-bound
 * scenarios are judged by CPU time (which still includes V8's GC helper threads: that work is
 * real) and show the wall clock beside it.
 */
export interface Samples {
  readonly cpu: Map<string, number[]>;
  readonly wall: Map<string, number[]>;
}

export async function measure(peers: readonly Peer[], plan: Plan): Promise<Samples> {
  for (let w = 0; w < plan.warmup; w++) {
    for (const peer of peers) {
      const result = await peer.run();
      peer.check?.(result);
    }
  }
  const samples: Samples = { cpu: new Map(peers.map((peer) => [peer.name, []])), wall: new Map(peers.map((peer) => [peer.name, []])) };
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < peers.length; k++) {
      const peer = peers[(round + k) % peers.length];
      await collectGarbage();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const result = await peer.run();
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      peer.check?.(result);
      (samples.wall.get(peer.name) as number[]).push(wall);
      (samples.cpu.get(peer.name) as number[]).push((cpu.user + cpu.system) / 1000);
    }
  }
  return samples;
}

export type Clock = 'cpu' | 'wall';

function series(samples: Samples, clock: Clock, peer: string): number[] {
  const own = samples[clock].get(peer);
  if (own === undefined) throw new Error(`no samples for ${peer}`);
  return own;
}

/**
 * A row of times by `clock`, with the paired ratio to `reference` unless the row is the
 * reference; a CPU-time row also carries the wall clock.
 */
export function timeRow(samples: Samples, clock: Clock, peer: string, reference: string | undefined, note?: string): Row {
  const own = series(samples, clock, peer);
  const base = reference === undefined || reference === peer ? undefined : series(samples, clock, reference);
  return {
    peer,
    unit: 'ms',
    clock,
    value: summarize(own),
    ...(clock === 'cpu' && { wall: summarize(series(samples, 'wall', peer)) }),
    ...(base !== undefined && { ratio: { to: reference as string, value: summarize(pairedRatios(own, base)) } }),
    ...(note !== undefined && { note }),
  };
}

export function ratioOf(samples: Samples, clock: Clock, peer: string, reference: string): Summary {
  return summarize(pairedRatios(series(samples, clock, peer), series(samples, clock, reference)));
}
