/**
 * The clock a batch is timed with: `process.hrtime`, which loads nothing. Reading the global
 * `performance` loads Node's perf_hooks modules, about 1 ms of every cold start (12 million
 * instructions, a fifth of loading shardline's minified bundle), for two readings a batch.
 */

const hrtime = process.hrtime;

/** Milliseconds from an arbitrary origin, with sub-microsecond resolution. */
export function now(): number {
  const [seconds, nanoseconds] = hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
