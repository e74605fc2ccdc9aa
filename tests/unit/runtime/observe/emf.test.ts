import { checkMetricsTarget, dimensionValue, emfLines, MetricUnit, type MetricGroup } from '../../../../src/runtime/observe/emf';
import { emfProblems, emfValues } from '../../../support/emf-spec';

const NOW = Date.now();

function durations(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 0.5);
}

describe('emfLines', () => {
  it('writes one valid document for a group that fits in one', () => {
    const group: MetricGroup = {
      dimensions: { service: 'orders', Route: 'Orders.created' },
      metrics: [{ name: 'RecordDuration', unit: MetricUnit.milliseconds, values: [1.5, 2.25] }],
    };

    const lines = emfLines('shop', group, NOW);

    expect(lines).toHaveLength(1);
    expect(emfProblems(lines[0])).toEqual([]);
    expect(JSON.parse(lines[0])).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [{ Namespace: 'shop', Dimensions: [['service', 'Route']], Metrics: [{ Name: 'RecordDuration', Unit: 'Milliseconds' }] }],
      },
      service: 'orders',
      Route: 'Orders.created',
      RecordDuration: [1.5, 2.25],
    });
  });

  it('spreads 250 values over three documents of at most 100, losing none', () => {
    const values = durations(250);

    const lines = emfLines(
      'shop',
      { dimensions: { Route: 'Orders.created' }, metrics: [{ name: 'RecordDuration', unit: MetricUnit.milliseconds, values }] },
      NOW,
    );

    expect(lines.map((line) => emfProblems(line))).toEqual([[], [], []]);
    expect(lines.map((line) => emfValues(line).RecordDuration.length)).toEqual([100, 100, 50]);
    expect(lines.flatMap((line) => emfValues(line).RecordDuration)).toEqual(values);
  });

  it('spreads 150 metrics over two documents of at most 100 definitions', () => {
    const metrics = Array.from({ length: 150 }, (_, i) => ({ name: `M${i}`, unit: MetricUnit.count, values: [i] }));

    const lines = emfLines('shop', { dimensions: {}, metrics }, NOW);

    expect(lines.map((line) => emfProblems(line))).toEqual([[], []]);
    expect(lines.map((line) => Object.keys(emfValues(line)).length)).toEqual([100, 50]);
  });

  it('writes a single value as a number and an empty dimension set as [[]]', () => {
    const [line] = emfLines('shop', { dimensions: {}, metrics: [{ name: 'BatchRecords', unit: MetricUnit.count, values: [7] }] }, NOW);

    const document = JSON.parse(line) as { BatchRecords: unknown; _aws: { CloudWatchMetrics: Array<{ Dimensions: unknown }> } };
    expect(document.BatchRecords).toBe(7);
    expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
    expect(emfProblems(line)).toEqual([]);
  });

  it('leaves out metrics without values, and writes nothing when none has any', () => {
    const lines = emfLines('shop', { dimensions: {}, metrics: [{ name: 'RecordDuration', unit: MetricUnit.milliseconds, values: [] }] }, NOW);

    expect(lines).toEqual([]);
  });
});

describe('checkMetricsTarget', () => {
  it('accepts a namespace and printable ASCII dimensions', () => {
    expect(checkMetricsTarget('shop/orders', { stage: 'prod' })).toBeUndefined();
  });

  it.each([
    ['an empty namespace', '', {}],
    ['a namespace with a character CloudWatch refuses', 'shop!', {}],
    ['a namespace of spaces only', '   ', {}],
    ['an AWS/ namespace', 'AWS/Kinesis', {}],
    ['a dimension that is not a string', 'shop', { stage: 3 }],
    ['an empty dimension value', 'shop', { stage: '' }],
    ['a non-ASCII dimension value', 'shop', { stage: 'prød' }],
    ['a dimension name starting with a colon', 'shop', { ':stage': 'prod' }],
  ])('refuses %s', (_what, namespace, dimensions) => {
    expect(checkMetricsTarget(namespace, dimensions)).toEqual(expect.any(String));
  });
});

describe('dimensionValue', () => {
  it('keeps a route id of printable ASCII as it is', () => {
    expect(dimensionValue('Orders.created')).toBe('Orders.created');
  });

  it('replaces characters CloudWatch refuses in a dimension value', () => {
    expect(dimensionValue('Commandes.créer')).toBe('Commandes.cr_er');
  });
});

describe('the EMF checker used by these tests', () => {
  const valid = () => ({
    _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: 'shop', Dimensions: [['Route']], Metrics: [{ Name: 'Records', Unit: 'Count' }] }] },
    Route: 'Orders.created',
    Records: 3,
  });
  const without = (document: object, member: string): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...document };
    delete copy[member];
    return copy;
  };

  it('passes a valid document', () => {
    expect(emfProblems(JSON.stringify(valid()))).toEqual([]);
  });

  it.each<[string, (document: ReturnType<typeof valid>) => unknown]>([
    ['a missing _aws', (d) => without(d, '_aws')],
    ['a missing dimension member', (d) => without(d, 'Route')],
    ['a missing metric member', (d) => without(d, 'Records')],
    [
      'an unknown unit',
      (d) => ({ ...d, _aws: { ...d._aws, CloudWatchMetrics: [{ ...d._aws.CloudWatchMetrics[0], Metrics: [{ Name: 'Records', Unit: 'Records' }] }] } }),
    ],
    ['101 values', (d) => ({ ...d, Records: Array.from({ length: 101 }, () => 1) })],
    [
      '31 dimensions',
      (d) => {
        const names = Array.from({ length: 31 }, (_, i) => `d${i}`);
        return {
          ...d,
          ...Object.fromEntries(names.map((n) => [n, 'x'])),
          _aws: { ...d._aws, CloudWatchMetrics: [{ ...d._aws.CloudWatchMetrics[0], Dimensions: [names] }] },
        };
      },
    ],
    [
      '101 metrics',
      (d) => {
        const names = Array.from({ length: 101 }, (_, i) => `m${i}`);
        return {
          ...d,
          ...Object.fromEntries(names.map((n) => [n, 1])),
          _aws: { ...d._aws, CloudWatchMetrics: [{ ...d._aws.CloudWatchMetrics[0], Metrics: names.map((Name) => ({ Name, Unit: 'Count' })) }] },
        };
      },
    ],
    ['a timestamp in seconds', (d) => ({ ...d, _aws: { ...d._aws, Timestamp: Math.floor(NOW / 1000) } })],
  ])('catches %s', (_what, breakIt) => {
    expect(emfProblems(JSON.stringify(breakIt(valid())))).not.toEqual([]);
  });
});
