/**
 * Scenarios whose frameworks run in separate processes come back in parts, one a process. This
 * joins them and adds the targets that compare across processes, computed from each part's
 * `values` (medians of paired ratios to the floor that each process measured beside its peers).
 */
import type { ScenarioResult, Target } from './result';

/** "shardline faster than X": shardline's ratio to the floor against the best of the others'. */
export function fasterThan(values: Record<string, number>, description: string, ours: string, theirs: readonly string[]): Target {
  const best = Math.min(...theirs.map((name) => values[name] ?? Infinity));
  const relative = (values[ours] ?? NaN) / best;
  return {
    description,
    measured: `${relative.toFixed(2)}x the fastest of them (${values[ours]?.toFixed(2)}x vs ${best.toFixed(2)}x the floor)`,
    met: relative < 1,
  };
}

export function combine(parts: readonly ScenarioResult[], crossTargets: (values: Record<string, number>) => Target[]): ScenarioResult {
  const values = Object.assign({}, ...parts.map((part) => part.values ?? {})) as Record<string, number>;
  return {
    id: parts[0].id,
    title: parts[0].title,
    rows: parts.flatMap((part) => part.rows),
    targets: [...parts.flatMap((part) => part.targets), ...crossTargets(values)],
    notes: parts.flatMap((part) => part.notes),
    values,
  };
}
