/**
 * CloudWatch embedded metric format (EMF): log lines that CloudWatch Logs turns into metrics, with
 * no agent, no API call and no dependency. The limits below are the specification's; a document
 * that breaks one is dropped by CloudWatch without a word, so they are applied here, not hoped for.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** The units CloudWatch accepts. */
export const MetricUnit = {
  seconds: 'Seconds',
  microseconds: 'Microseconds',
  milliseconds: 'Milliseconds',
  bytes: 'Bytes',
  count: 'Count',
  percent: 'Percent',
  none: 'None',
} as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** Most metrics one document may define. */
export const MAX_METRICS_PER_DOCUMENT = 100;
/** Most values one metric may hold in one document. */
export const MAX_VALUES_PER_METRIC = 100;
/** Most dimension keys in one dimension set. */
export const MAX_DIMENSIONS = 30;

/** One metric: a value, or the values of many observations (CloudWatch computes percentiles from them). */
export interface MetricDatum {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly values: readonly number[];
}

/** Metrics that share their dimensions: they go into the same documents. */
export interface MetricGroup {
  /** Dimension names and values, in the order they are declared. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: readonly MetricDatum[];
}

/**
 * The EMF documents (as JSON lines) for one group of metrics: as few as the limits allow. A metric
 * with more than 100 values is spread over several documents, 100 values each; more than 100
 * metrics are spread likewise. Metrics without values are left out.
 *
 * @example
 * emfLines('shop', { dimensions: { Route: 'Orders.created' }, metrics: [{ name: 'RecordDuration', unit: 'Milliseconds', values: [1.2, 0.8] }] }, Date.now());
 * // ['{"_aws":{"Timestamp":...,"CloudWatchMetrics":[{"Namespace":"shop","Dimensions":[["Route"]],"Metrics":[{"Name":"RecordDuration","Unit":"Milliseconds"}]}]},"Route":"Orders.created","RecordDuration":[1.2,0.8]}']
 */
export function emfLines(namespace: string, group: MetricGroup, timestamp: number): string[] {
  const lines: string[] = [];
  const dimensionNames = Object.keys(group.dimensions);
  const metrics = group.metrics.filter((metric) => metric.values.length > 0);
  for (let first = 0; first < metrics.length; first += MAX_METRICS_PER_DOCUMENT) {
    const batch = metrics.slice(first, first + MAX_METRICS_PER_DOCUMENT);
    let longest = 0;
    for (const metric of batch) longest = Math.max(longest, metric.values.length);
    let present: MetricDatum[] = [];
    let head = '';
    for (let offset = 0; offset < longest; offset += MAX_VALUES_PER_METRIC) {
      const remaining = batch.filter((metric) => metric.values.length > offset);
      // Everything but the values is the same from one document of a group to the next (until a
      // metric runs out of values): written once, and only the values are written per document,
      // which halves what a batch of 10,000 records costs to write.
      if (remaining.length !== present.length) {
        present = remaining;
        const document = {
          _aws: {
            Timestamp: timestamp,
            CloudWatchMetrics: [
              { Namespace: namespace, Dimensions: [dimensionNames], Metrics: present.map((metric) => ({ Name: metric.name, Unit: metric.unit })) },
            ],
          },
          ...group.dimensions,
        };
        head = JSON.stringify(document).slice(0, -1);
      }
      let line = head;
      for (const metric of present) {
        const values = metric.values.length === 1 ? metric.values[0] : metric.values.slice(offset, offset + MAX_VALUES_PER_METRIC);
        line += `,${JSON.stringify(metric.name)}:${JSON.stringify(values)}`;
      }
      lines.push(`${line}}`);
    }
  }
  return lines;
}

/**
 * Why a namespace or dimension set would make CloudWatch drop the documents, or `undefined` when it
 * would not. Checked once, when the handler is created.
 *
 * @example
 * checkMetricsTarget('shop', { stage: 'prod' }); // undefined
 * checkMetricsTarget('', {}); // 'namespace must be ...'
 */
export function checkMetricsTarget(namespace: unknown, dimensions: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof namespace !== 'string' || !/^[A-Za-z0-9.\-_/#: ]{1,255}$/.test(namespace) || namespace.trim() === '' || namespace.startsWith('AWS/')) {
    return `namespace must be 1 to 255 characters of letters, digits, spaces and . - _ / # :, not starting with AWS/, but is ${JSON.stringify(namespace) ?? typeof namespace}`;
  }
  for (const [name, value] of Object.entries(dimensions)) {
    if (!/^[\x20-\x7E]{1,250}$/.test(name) || name.startsWith(':'))
      return `dimension name ${JSON.stringify(name)} must be 1 to 250 printable ASCII characters, not starting with ':'`;
    if (typeof value !== 'string' || !/^[\x20-\x7E]{1,1024}$/.test(value))
      return `dimension ${name} must be a string of 1 to 1024 printable ASCII characters, but is ${JSON.stringify(value) ?? typeof value}`;
  }
  return undefined;
}

/**
 * A dimension value from a name of our own (a route id): printable ASCII, at most 1024 characters,
 * since CloudWatch drops a document with any other dimension value.
 *
 * @example
 * dimensionValue('Commandes.créer'); // 'Commandes.cr_er'
 */
export function dimensionValue(name: string): string {
  const value = name.replace(/[^\x20-\x7E]/g, '_').slice(0, 1024);
  return value === '' ? '_' : value;
}
