/**
 * `cloudWatchMetrics(...)`: the `metrics` plug-in. Checks its argument at once, and makes the part
 * each batch plays: every record timed, and the batch's metric groups published when it ends.
 */
import { InvalidOptionError } from '../errors.js';
import type { Logger } from '../context.js';
import { checkMetricsTarget, MAX_DIMENSIONS } from '../runtime/observe/emf.js';
import {
  DimensionName,
  EmfSink,
  isPowertoolsMetrics,
  metricGroups,
  MetricName,
  PowertoolsMetricsSink,
  type MetricsSink,
  type PowertoolsMetricsLike,
} from '../runtime/observe/metrics.js';
import { PLUGIN, type BatchPart, type MetricsPlugin, type ObserverPlugin, type PluginHandler } from '../runtime/observe/plugin.js';
import { ConcurrentRecordTimer, SequentialRecordTimer } from '../runtime/observe/record-timer.js';

/**
 * CloudWatch metrics without Powertools: embedded metric format lines, written to stdout (where
 * Lambda sends them to CloudWatch Logs, which extracts the metrics).
 *
 * @example
 * cloudWatchMetrics({ namespace: 'Checkout', dimensions: { service: 'checkout' } });
 */
export interface MetricsOptions {
  /** The CloudWatch namespace: letters, digits, spaces and `. - _ / # :`, not starting with `AWS/`. */
  namespace: string;
  /** Dimensions added to every metric (at most 28; `Route` and `Outcome` are shardline's). Fixed values, never record content. */
  dimensions?: Record<string, string>;
  /** Where each EMF line goes. Default: stdout. */
  write?: (line: string) => void;
}

/**
 * The `metrics` option: CloudWatch metrics by route and outcome (`Records`, `RecordDuration`) and by
 * batch (`BatchDuration`, `BatchRecords`, `OldestRecordAge`, `DeadlineReached`). Given
 * `{ namespace, dimensions }`, shardline writes EMF lines itself, with no dependency; given a
 * Powertools `Metrics` instance, it publishes through it (its namespace, default dimensions and
 * switches apply).
 *
 * @throws InvalidOptionError when the argument is neither, or CloudWatch would drop what it names
 *   (namespace, dimension names and values, too many dimensions).
 * @example
 * import { cloudWatchMetrics } from 'shardline/observability';
 * export const handler = createHandler([Checkout], { metrics: cloudWatchMetrics({ namespace: 'Checkout', dimensions: { service: 'checkout' } }) });
 * // or, with Powertools: cloudWatchMetrics(new Metrics({ namespace: 'Checkout', serviceName: 'checkout' }))
 */
export function cloudWatchMetrics(options: MetricsOptions | PowertoolsMetricsLike): MetricsPlugin {
  const { sink, dimensions } = metricsTarget(options);
  const plugin: ObserverPlugin & MetricsPlugin = {
    [PLUGIN]: 'metrics',
    begin: (size: number, handler: PluginHandler, logger: Logger): BatchPart => {
      const durations = new Float64Array(size).fill(NaN);
      const timer = handler.sequential ? new SequentialRecordTimer(durations) : new ConcurrentRecordTimer(durations);
      return {
        durations,
        wrap: (start) => timer.wrap(start),
        settled: () => timer.settle(),
        end: (summary) => {
          try {
            sink.publish(metricGroups(summary, dimensions));
          } catch (error) {
            logger.warn('shardline could not write the batch metrics', { error });
          }
        },
      };
    },
  };
  return Object.freeze(plugin);
}

function metricsTarget(value: unknown): { sink: MetricsSink; dimensions: Readonly<Record<string, string>> } {
  if (isPowertoolsMetrics(value)) return { sink: new PowertoolsMetricsSink(value), dimensions: {} };
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionError('option metrics must be { namespace, dimensions? } or a Powertools Metrics instance');
  }
  const { namespace, dimensions = {}, write, ...rest } = value as MetricsOptions;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new InvalidOptionError(`option metrics: unknown key ${JSON.stringify(unknown[0])}; expected namespace, dimensions or write`);
  if (typeof dimensions !== 'object' || dimensions === null)
    throw new InvalidOptionError('option metrics.dimensions must be an object of dimension names and values');
  const problem = checkMetricsTarget(namespace, dimensions);
  if (problem !== undefined) throw new InvalidOptionError(`option metrics: ${problem}`);
  for (const name of Object.values(DimensionName)) {
    if (Object.hasOwn(dimensions, name))
      throw new InvalidOptionError(`option metrics.dimensions: ${name} is the dimension shardline sets; name yours otherwise`);
  }
  for (const name of Object.values(MetricName)) {
    if (Object.hasOwn(dimensions, name))
      throw new InvalidOptionError(`option metrics.dimensions: ${name} is the name of one of shardline's metrics; name the dimension otherwise`);
  }
  const room = MAX_DIMENSIONS - Object.keys(DimensionName).length;
  if (Object.keys(dimensions).length > room)
    throw new InvalidOptionError(
      `option metrics.dimensions: at most ${room} dimensions (CloudWatch takes ${MAX_DIMENSIONS}, shardline sets ${Object.keys(DimensionName).length})`,
    );
  if (write !== undefined && typeof write !== 'function') throw new InvalidOptionError('option metrics.write must be a function of one line');
  const sink: MetricsSink = new EmfSink(namespace, write ?? ((line: string) => process.stdout.write(`${line}\n`)));
  return { sink, dimensions: Object.freeze({ ...dimensions }) };
}
