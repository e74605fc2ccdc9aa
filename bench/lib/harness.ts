/**
 * Timing of peers on the same input in the same process. Each round runs every peer, in an order
 * that rotates from round to round (so no peer always runs right after the same neighbour or
 * always first). A peer's timed run comes right after an untimed run of the same peer (`settle`):
 * the garbage the previous peer left is collected during that run, so the timed run pays for its
 * own garbage, as consecutive invocations of one Lambda do, and not for its neighbour's.
 *
 * Runs follow each other without pauses or forced GCs. Both were tried: a 20 ms pause before a
 * run raised the floor of scenario A from 32 to 48 CPU ms on the reference VM (an idle vCPU comes
 * back slower), and a forced GC before each run added the same kind of constant (plus 5-13 ms of
 * concurrent sweeping); a constant added to every peer pulls every ratio towards 1.
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
  /** Overrides the plan's `warmup` and `settle` for this peer (for peers that take seconds a run). */
  readonly warmup?: number;
  readonly settle?: number;
}

export interface Plan {
  /** Unmeasured runs of every peer first, to let V8 optimise the hot paths. */
  readonly warmup: number;
  readonly rounds: number;
  /** Untimed runs of a peer right before each timed run of it; default 1. */
  readonly settle?: number;
  /**
   * Runs timed together as one sample (the sample is their average); default 1. For peers whose
   * garbage is collected by an occasional major GC (large buffers), so that each sample carries
   * its share of it rather than some samples all of it and most none.
   */
  readonly repeat?: number;
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

async function checked(peer: Peer): Promise<void> {
  const result = await peer.run();
  peer.check?.(result);
}

export async function measure(peers: readonly Peer[], plan: Plan): Promise<Samples> {
  for (let w = 0; w < plan.warmup; w++) {
    for (const peer of peers) if (w < (peer.warmup ?? plan.warmup)) await checked(peer);
  }
  for (const peer of peers) for (let w = plan.warmup; w < (peer.warmup ?? 0); w++) await checked(peer);
  const samples: Samples = { cpu: new Map(peers.map((peer) => [peer.name, []])), wall: new Map(peers.map((peer) => [peer.name, []])) };
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < peers.length; k++) {
      const peer = peers[(round + k) % peers.length];
      for (let s = 0; s < (peer.settle ?? plan.settle ?? 1); s++) await checked(peer);
      const repeat = plan.repeat ?? 1;
      const results: unknown[] = [];
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let r = 0; r < repeat; r++) results.push(await peer.run());
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      for (const result of results) peer.check?.(result);
      (samples.wall.get(peer.name) as number[]).push(wall / repeat);
      (samples.cpu.get(peer.name) as number[]).push((cpu.user + cpu.system) / 1000 / repeat);
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
