/**
 * The rules of the CloudWatch embedded metric format specification, as a checker for tests:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * A document that breaks one of them is dropped by CloudWatch Logs without a word (it shows only as
 * an EMFValidationErrors count in the AWS/Logs namespace), so every document is held to all of them.
 */

/** The units a MetricDefinition may name (the CloudWatch MetricDatum units). */
export const EMF_UNITS: ReadonlySet<string> = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

const MAX_METRICS = 100;
const MAX_VALUES = 100;
const MAX_DIMENSIONS = 30;
/** A CloudWatch Logs event is at most 256 KB (the specification allows 1 MB since log events grew; the smaller is safe everywhere). */
const MAX_EVENT_BYTES = 256 * 1024;
const TWO_WEEKS_MS = 14 * 24 * 3_600_000;
const TWO_HOURS_MS = 2 * 3_600_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every way `line` breaks the specification; empty when it is a valid EMF document.
 *
 * @example
 * expect(emfProblems(line)).toEqual([]);
 */
export function emfProblems(line: string, now = Date.now()): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > MAX_EVENT_BYTES) problems.push(`the line is ${Buffer.byteLength(line)} bytes, more than a log event holds`);
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [...problems, 'the line is not JSON'];
  }
  // The root node: a JSON object with an _aws metadata object.
  if (!isObject(root)) return [...problems, 'the root node is not an object'];
  const aws = root._aws;
  if (!isObject(aws)) return [...problems, '_aws is missing or not an object'];
  // Timestamp: milliseconds since the epoch, at most two weeks old and two hours ahead.
  if (typeof aws.Timestamp !== 'number' || !Number.isInteger(aws.Timestamp)) problems.push('_aws.Timestamp is not an integer number of milliseconds');
  else if (aws.Timestamp < now - TWO_WEEKS_MS || aws.Timestamp > now + TWO_HOURS_MS) problems.push('_aws.Timestamp is outside the window CloudWatch accepts');
  const directives = aws.CloudWatchMetrics;
  if (!Array.isArray(directives)) return [...problems, '_aws.CloudWatchMetrics is not an array'];
  directives.forEach((directive: unknown, d) => {
    const at = `CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) {
      problems.push(`${at} is not a MetricDirective object`);
      return;
    }
    // Namespace: a CloudWatch namespace.
    const namespace = directive.Namespace;
    if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 255 || !/^[A-Za-z0-9.\-_/#: ]+$/.test(namespace))
      problems.push(`${at}.Namespace is not a valid namespace`);
    // Dimensions: an array of DimensionSets; each an array of at most 30 dimension keys (it may be
    // empty), each a root member whose value is a string.
    const dimensionSets = directive.Dimensions;
    if (!Array.isArray(dimensionSets)) {
      problems.push(`${at}.Dimensions is not an array`);
    } else {
      dimensionSets.forEach((set: unknown, s) => {
        if (!Array.isArray(set)) {
          problems.push(`${at}.Dimensions[${s}] is not an array`);
          return;
        }
        if (set.length > MAX_DIMENSIONS) problems.push(`${at}.Dimensions[${s}] has ${set.length} dimensions, more than ${MAX_DIMENSIONS}`);
        for (const key of set) {
          if (typeof key !== 'string' || key.length === 0 || key.length > 250 || key.startsWith(':')) {
            problems.push(`${at}.Dimensions[${s}] holds an invalid dimension name ${JSON.stringify(key)}`);
            continue;
          }
          const value = root[key];
          if (typeof value !== 'string') problems.push(`dimension ${key} is not a root member with a string value`);
          // eslint-disable-next-line no-control-regex -- the class is all of ASCII, control characters included: CloudWatch refuses any other dimension value
          else if (value.length === 0 || value.length > 1024 || !/^[\x00-\x7F]+$/.test(value))
            problems.push(`dimension ${key} has a value CloudWatch refuses: ${JSON.stringify(value)}`);
        }
      });
    }
    // Metrics: at most 100 MetricDefinitions, each naming a root member that is a number or an
    // array of at most 100 numbers; Unit, when given, from the list; StorageResolution 1 or 60.
    const metrics = directive.Metrics;
    if (!Array.isArray(metrics)) {
      problems.push(`${at}.Metrics is not an array`);
      return;
    }
    if (metrics.length > MAX_METRICS) problems.push(`${at}.Metrics has ${metrics.length} definitions, more than ${MAX_METRICS}`);
    const names = new Set<string>();
    metrics.forEach((metric: unknown, m) => {
      if (!isObject(metric)) {
        problems.push(`${at}.Metrics[${m}] is not a MetricDefinition object`);
        return;
      }
      const name = metric.Name;
      if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
        problems.push(`${at}.Metrics[${m}].Name is not a string of 1 to 1024 characters`);
        return;
      }
      if (names.has(name)) problems.push(`metric ${name} is defined twice`);
      names.add(name);
      if (metric.Unit !== undefined && (typeof metric.Unit !== 'string' || !EMF_UNITS.has(metric.Unit)))
        problems.push(`metric ${name} has unit ${JSON.stringify(metric.Unit)}, not one CloudWatch knows`);
      if (metric.StorageResolution !== undefined && metric.StorageResolution !== 1 && metric.StorageResolution !== 60)
        problems.push(`metric ${name} has StorageResolution ${JSON.stringify(metric.StorageResolution)}`);
      const value = root[name];
      if (Array.isArray(value)) {
        if (value.length === 0 || value.length > MAX_VALUES) problems.push(`metric ${name} has ${value.length} values, not 1 to ${MAX_VALUES}`);
        if (!value.every((item) => typeof item === 'number' && Number.isFinite(item))) problems.push(`metric ${name} has a value that is not a number`);
      } else if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push(`metric ${name} is not a root member with a number or an array of numbers`);
      }
      if (Array.isArray(dimensionSets) && dimensionSets.some((set) => Array.isArray(set) && set.includes(name)))
        problems.push(`${name} is both a metric and a dimension`);
    });
  });
  return problems;
}

/** The metric values of a valid document, by name, as arrays. */
export function emfValues(line: string): Record<string, number[]> {
  const root = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> } };
  const values: Record<string, number[]> = {};
  for (const directive of root._aws.CloudWatchMetrics) {
    for (const { Name } of directive.Metrics) {
      const value = root[Name];
      values[Name] = Array.isArray(value) ? (value as number[]) : [value as number];
    }
  }
  return values;
}
