/**
 * Metrics of a batch, in CloudWatch: by route and outcome, how many records (`Records`); by route,
 * how long each record took (`RecordDuration`, in microseconds, every value, so CloudWatch has
 * percentiles); by
 * batch, its duration, size, the age of its oldest record and whether the deadline cut it. A few
 * documents a batch, never one a record. Written as EMF lines by shardline itself, or handed to a
 * Powertools `Metrics` instance. Dimension values are route ids and outcome names: never content.
 */
import { OUTCOME_NAMES, type BatchSummary } from './batch-summary.js';
import { dimensionValue, emfLines, MetricUnit, type MetricDatum, type MetricGroup } from './emf.js';

/** Metric names, as they appear in CloudWatch. */
export const MetricName = {
  records: 'Records',
  recordDuration: 'RecordDuration',
  batchDuration: 'BatchDuration',
  batchRecords: 'BatchRecords',
  oldestRecordAge: 'OldestRecordAge',
  deadlineReached: 'DeadlineReached',
} as const;

/** Dimension names shardline adds to the configured ones. */
export const DimensionName = { route: 'Route', outcome: 'Outcome' } as const;

/** Where a batch's metric groups go. */
export interface MetricsSink {
  publish(groups: readonly MetricGroup[]): void;
}

/**
 * The metric groups of a batch: per route its durations, per route and outcome its count, and
 * the batch's own metrics, each group with the configured dimensions first.
 *
 * @example
 * metricGroups(summary, { stage: 'prod' }).map((group) => group.dimensions);
 * // [{ stage: 'prod', Route: 'Orders.created' }, { stage: 'prod', Route: 'Orders.created', Outcome: 'succeeded' }, ..., { stage: 'prod' }]
 */
export function metricGroups(summary: BatchSummary, dimensions: Readonly<Record<string, string>>): MetricGroup[] {
  const groups: MetricGroup[] = [];
  for (const route of summary.routes) {
    const Route = dimensionValue(route.route);
    if (route.durations.length > 0) {
      groups.push({
        dimensions: { ...dimensions, Route },
        metrics: [{ name: MetricName.recordDuration, unit: MetricUnit.microseconds, values: route.durations }],
      });
    }
    for (let i = 0; i < OUTCOME_NAMES.length; i++) {
      if (route.counts[i] === 0) continue;
      groups.push({
        dimensions: { ...dimensions, Route, Outcome: OUTCOME_NAMES[i] },
        metrics: [{ name: MetricName.records, unit: MetricUnit.count, values: [route.counts[i]] }],
      });
    }
  }
  const batch: MetricDatum[] = [
    { name: MetricName.batchDuration, unit: MetricUnit.milliseconds, values: [summary.durationMs] },
    { name: MetricName.batchRecords, unit: MetricUnit.count, values: [summary.records] },
    { name: MetricName.deadlineReached, unit: MetricUnit.count, values: [summary.deadlineReached ? 1 : 0] },
  ];
  if (summary.oldestRecordAgeMs !== undefined)
    batch.push({ name: MetricName.oldestRecordAge, unit: MetricUnit.milliseconds, values: [summary.oldestRecordAgeMs] });
  groups.push({ dimensions: { ...dimensions }, metrics: batch });
  return groups;
}

/**
 * Writes EMF lines, by default to stdout, where Lambda hands them to CloudWatch Logs, which
 * extracts the metrics.
 *
 * @example
 * new EmfSink('shop', (line) => process.stdout.write(`${line}\n`)).publish(metricGroups(summary, {}));
 */
export class EmfSink implements MetricsSink {
  constructor(
    private readonly namespace: string,
    private readonly write: (line: string) => void,
  ) {}

  publish(groups: readonly MetricGroup[]): void {
    const timestamp = Date.now();
    for (const group of groups) {
      for (const line of emfLines(this.namespace, group, timestamp)) this.write(line);
    }
  }
}

/**
 * The part of a Powertools `Metrics` instance shardline uses: its public methods, and its class,
 * to make one instance per dimension set (a Powertools instance holds one set of dimensions for
 * everything it publishes, and the user's own is left alone).
 */
export interface PowertoolsMetricsLike {
  singleMetric(): { serializeMetrics(): unknown };
  addMetric(name: string, unit: never, value: number): unknown;
  publishStoredMetrics(): unknown;
  hasStoredMetrics(): boolean;
}

interface MetricsInstance {
  addMetric(name: string, unit: string, value: number): unknown;
  publishStoredMetrics(): unknown;
  hasStoredMetrics(): boolean;
}

type MetricsClass = new (options: { namespace?: string; serviceName?: string; defaultDimensions?: Record<string, string> }) => MetricsInstance;

/**
 * Publishes through a Powertools `Metrics` instance: its namespace, its default dimensions (its
 * `service` among them), its output and its switches (`POWERTOOLS_METRICS_DISABLED`) apply. One
 * instance of its class is made per dimension set, with the user's namespace and default dimensions
 * read once from `singleMetric().serializeMetrics()`; Powertools splits values into documents of 100.
 *
 * @example
 * new PowertoolsMetricsSink(new Metrics({ namespace: 'shop', serviceName: 'orders' })).publish(groups);
 */
export class PowertoolsMetricsSink implements MetricsSink {
  private base: { namespace: string | undefined; dimensions: Record<string, string> } | undefined;
  private readonly instances = new Map<string, MetricsInstance>();

  constructor(private readonly metrics: PowertoolsMetricsLike) {}

  publish(groups: readonly MetricGroup[]): void {
    for (const group of groups) {
      const instance = this.instanceFor(group.dimensions);
      for (const metric of group.metrics) {
        for (const value of metric.values) instance.addMetric(metric.name, metric.unit, value);
      }
      if (instance.hasStoredMetrics()) instance.publishStoredMetrics();
    }
  }

  private instanceFor(dimensions: Readonly<Record<string, string>>): MetricsInstance {
    const key = JSON.stringify(dimensions);
    let instance = this.instances.get(key);
    if (instance === undefined) {
      const base = (this.base ??= readBase(this.metrics));
      const Metrics = this.metrics.constructor as MetricsClass;
      const defaultDimensions = { ...base.dimensions, ...dimensions };
      instance = new Metrics({ namespace: base.namespace, serviceName: defaultDimensions.service, defaultDimensions });
      this.instances.set(key, instance);
    }
    return instance;
  }
}

/** The namespace and default dimensions of a Powertools instance, from an EMF document it serializes without publishing. */
function readBase(metrics: PowertoolsMetricsLike): { namespace: string | undefined; dimensions: Record<string, string> } {
  const document = metrics.singleMetric().serializeMetrics() as {
    _aws?: { CloudWatchMetrics?: Array<{ Namespace?: string; Dimensions?: string[][] }> };
  } & Record<string, unknown>;
  const directive = document._aws?.CloudWatchMetrics?.[0];
  const dimensions: Record<string, string> = {};
  for (const name of directive?.Dimensions?.[0] ?? []) {
    const value = document[name];
    if (typeof value === 'string') dimensions[name] = value;
  }
  return { namespace: directive?.Namespace, dimensions };
}

/**
 * Whether a `metrics` option is a Powertools `Metrics` instance (or of its shape) rather than
 * `{ namespace, dimensions }`.
 *
 * @example
 * isPowertoolsMetrics(new Metrics({ namespace: 'shop' })); // true
 */
export function isPowertoolsMetrics(value: unknown): value is PowertoolsMetricsLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.singleMetric === 'function' && typeof candidate.addMetric === 'function' && typeof candidate.publishStoredMetrics === 'function';
}
