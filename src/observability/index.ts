/**
 * `shardline/observability`: CloudWatch metrics and X-Ray tracing, plugged into `createHandler`'s
 * `metrics` and `tracing` options. A subpath of its own, so that a handler pays for them in its
 * bundle only when it imports them: the core keeps the batch line and the context logger.
 */
export { cloudWatchMetrics, type MetricsOptions } from './cloudwatch-metrics.plugin.js';
export { xrayTracing } from './xray-tracing.plugin.js';
export type { MetricsPlugin, TracingPlugin } from '../runtime/observe/plugin.js';
export type { PowertoolsMetricsLike } from '../runtime/observe/metrics.js';
export type { TracerLike, SubsegmentLike } from '../runtime/observe/tracing.js';
