/**
 * Order statistics for repeated measurements. Medians and quartiles, never means: on a shared,
 * noisy machine one descheduled run would drag a mean but leaves a median alone.
 */

/** Where a set of samples sits: median and spread. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

/** The q-quantile of sorted samples, interpolated between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * @example
 * summarize([3, 1, 2]).median; // 2
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/**
 * Ratios of two peers measured in the same rounds, round by round. Pairing cancels the slow drift
 * of a shared machine (another tenant's job lands on both peers of a round, not on one).
 */
/** `a[i] - b[i]` for each round both were measured in. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, Math.min(a.length, b.length)).map((value, i) => value - b[i]);
}

export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): number[] {
  const count = Math.min(numerator.length, denominator.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) ratios.push(numerator[i] / denominator[i]);
  return ratios;
}
