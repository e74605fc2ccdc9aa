/** The clock batches and records are timed with. */

// Read once: the global `performance` is an accessor, and reading it costs more than the clock does.
const clock = globalThis.performance;

/** Milliseconds from an arbitrary origin, with sub-microsecond resolution. */
export function now(): number {
  return clock.now();
}
