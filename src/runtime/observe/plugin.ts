/**
 * The protocol between the core and what `shardline/observability` plugs into it (metrics,
 * tracing). The core writes the batch line and counts the batch summary whatever is set; a plug-in
 * is asked in when a batch starts, may wrap the function that starts each record, and gets the
 * summary when the batch ends. Its code lives behind that subpath, so a handler that does not
 * import it does not carry it in its bundle.
 */
import type { Logger } from '../../context.js';
import type { StartRecord } from '../scheduler.js';
import type { BatchSummary } from './batch-summary.js';

/**
 * Marks a plug-in, with its kind. `Symbol.for`, so that a plug-in made by the other build of
 * shardline (its CommonJS files beside its ES modules) is still recognised.
 */
export const PLUGIN: unique symbol = Symbol.for('shardline.observability');

/** Which option a plug-in is for. */
export type PluginKind = 'metrics' | 'tracing';

/**
 * What `cloudWatchMetrics(...)` of `shardline/observability` makes, for the `metrics` option. Opaque.
 *
 * @example
 * import { cloudWatchMetrics } from 'shardline/observability';
 * const metrics: MetricsPlugin = cloudWatchMetrics({ namespace: 'Checkout' });
 */
export interface MetricsPlugin {
  readonly [PLUGIN]: 'metrics';
}

/**
 * What `xrayTracing(...)` of `shardline/observability` makes, for the `tracing` option. Opaque.
 *
 * @example
 * import { xrayTracing } from 'shardline/observability';
 * const tracing: TracingPlugin = xrayTracing(new Tracer({ serviceName: 'checkout' }));
 */
export interface TracingPlugin {
  readonly [PLUGIN]: 'tracing';
}

/** What a plug-in is told of the handler it serves: fixed at set-up. */
export interface PluginHandler {
  /** Records run one at a time (`ordering: 'shard'`). */
  readonly sequential: boolean;
  /** How many routes the table has. */
  readonly routeCount: number;
}

/** A plug-in as the core uses it. */
export interface ObserverPlugin {
  readonly [PLUGIN]: PluginKind;
  /**
   * A batch of `size` units starts: its part in this batch, or `undefined` to sit it out (a tracer
   * that is off). Called before any record starts; must not throw.
   */
  begin(size: number, handler: PluginHandler, logger: Logger): BatchPart | undefined;
}

/** A plug-in's part in one batch. */
export interface BatchPart {
  /** Each unit's duration in milliseconds (NaN when not measured), when this part times records: the summary's per-route durations are read from it. */
  readonly durations?: Float64Array;
  /** `start`, wrapped to watch each record; `routes[i]` is the route record i took, as the dispatcher writes it. */
  wrap?(start: StartRecord, routes: ReadonlyArray<string | undefined>): StartRecord;
  /** The batch's records are done, or the deadline ended it. */
  settled?(): void;
  /** The batch has ended, its line is written: publish what was seen. Must not throw. */
  end(summary: BatchSummary): void;
}

/**
 * The kind of plug-in `value` is, or `undefined` when it is none.
 *
 * @example
 * pluginKind(cloudWatchMetrics({ namespace: 'Checkout' })); // 'metrics'
 */
export function pluginKind(value: unknown): PluginKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as { [PLUGIN]?: unknown })[PLUGIN];
  return kind === 'metrics' || kind === 'tracing' ? kind : undefined;
}
