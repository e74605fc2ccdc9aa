/**
 * What a scenario hands back to `bench/run.ts`: rows of measurements and the targets they are
 * judged by. Scenarios run in child processes and write this as JSON to the file named by their
 * first argument, so nothing they (or a peer library) print can corrupt it.
 */
import { writeFileSync } from 'node:fs';
import type { Summary } from './stats';

export interface Row {
  /** Who was measured: `shardline`, `hand-written floor`, `Powertools (parallel)`, ... */
  readonly peer: string;
  readonly unit: 'ms' | 'MB' | 'KB' | 'x';
  readonly value: Summary;
  /** For times: which clock `value` is on (see `bench/lib/harness.ts`). */
  readonly clock?: 'cpu' | 'wall';
  /** Wall-clock times beside CPU times. */
  readonly wall?: Summary;
  /** The peer this row is compared with, and the paired ratio to it. */
  readonly ratio?: { readonly to: string; readonly value: Summary };
  readonly note?: string;
}

export interface Target {
  readonly description: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly rows: Row[];
  readonly targets: Target[];
  readonly notes: string[];
  /** Medians that targets spanning several processes are computed from (see `bench/run.ts`). */
  readonly values?: Record<string, number>;
}

/**
 * The main of a scenario's child process: runs it (or one group of its peers, when the scenario
 * runs each framework in a process of its own), writes its result, and exits non-zero with the
 * error when it throws (a failed check is a failed bench, never a silently wrong number).
 */
export function runScenario(scenario: (group: string | undefined) => Promise<ScenarioResult>): void {
  const [out, group] = process.argv.slice(2);
  if (out === undefined) throw new Error('usage: node <scenario.js> <result.json> [group]');
  scenario(group).then(
    (result) => {
      writeFileSync(out, JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Formats a ratio target such as "1.08x (p25-p75 1.05-1.12)". */
export function formatRatio(value: Summary): string {
  return `${value.median.toFixed(2)}x (p25–p75 ${value.p25.toFixed(2)}–${value.p75.toFixed(2)})`;
}
