/**
 * `shardline template` as users run it: a child process on the orders example. The settings and
 * filters it prints come from shardline/deployment, as KinesisConsumer's do.
 */
import { expectNoStackTrace, fixture, runCli } from './cli-harness';

const ORDERS = 'examples/orders/handler.ts';
/** @WindowReduce and @OnWindowEnd, ordered by partition key. */
const WINDOWED = 'examples/windowed-revenue/handler.ts';

describe('shardline template', () => {
  it('prints a SAM function whose Kinesis event reports batch item failures', async () => {
    // Act
    const result = await runCli(['template', ORDERS]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# shardline template examples\/orders\/handler\.ts \(export handler\)/);
    expect(result.stdout).toMatch(/\n {6}Handler: handler\.handler\n {6}Runtime: nodejs22\.x\n {6}Timeout: 60\n/);
    expect(result.stdout).toMatch(/\n {12}FunctionResponseTypes:\n {14}- ReportBatchItemFailures\n/);
    expect(result.stderr).toMatch(/warning: without an on-failure destination.*\[on-failure\]/);
  });

  it('prints an event source mapping with filters from routes and the given settings, as JSON', async () => {
    // Act
    const result = await runCli([
      'template',
      ORDERS,
      '--format',
      'cloudformation',
      '--json',
      '--stream',
      'arn:aws:kinesis:us-east-1:123456789012:stream/orders',
      '--on-failure',
      'arn:aws:sqs:us-east-1:123456789012:failures',
      '--batch-size',
      '500',
      '--parallelization-factor',
      '4',
      '--filters',
      'routes',
      '--not-aggregated',
      '--not-compressed',
      '--drop-undecodable',
    ]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      Resources: {
        ConsumerEventSourceMapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: { Ref: 'ConsumerFunction' },
            EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders',
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: 500,
            BisectBatchOnFunctionError: false,
            ParallelizationFactor: 4,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order.created","order.cancelled"]}}' }] },
            DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:failures' } },
          },
        },
      },
    });
  });

  it('prints the tumbling window a windowed handler needs, naming the methods that fold and end it', async () => {
    // Act
    const result = await runCli(['template', WINDOWED, '--tumbling-window', '300', '--on-failure', 'arn:aws:sqs:us-east-1:123456789012:failures']);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /\n# TumblingWindowInSeconds: 300; WindowedRevenue\.add folds each window of a shard, WindowedRevenue\.close receives its final state\.\n/,
    );
    expect(result.stdout).toMatch(/\n {12}ParallelizationFactor: 1\n {12}TumblingWindowInSeconds: 300\n {12}FunctionResponseTypes:\n/);
  });

  it('refuses a windowed handler without a tumbling window, and says how to set one', async () => {
    // Act
    const result = await runCli(['template', WINDOWED]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /WindowedRevenue\.add \(@WindowReduce\) and WindowedRevenue\.close \(@OnWindowEnd\), but the mapping has no tumbling window.*--tumbling-window in shardline template.*\[tumbling-window\]/,
    );
    expectNoStackTrace(result.stderr);
  });

  it('refuses a tumbling window for a handler without window methods', async () => {
    // Act
    const result = await runCli(['template', ORDERS, '--tumbling-window', '60']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a tumbling window of 60 s .* the handler has no window methods.*\[tumbling-window\]/);
  });

  it('refuses filters the handler makes inexact, and says which route and how to fix it', async () => {
    // Act
    const result = await runCli(['template', ORDERS, '--filters', 'routes', '--not-aggregated', '--not-compressed']);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /shardline template: refused, the mapping would not fit the handler:\n- filters from routes are not exact: .*passes them to Orders\.quarantine \(@OnInvalid\).*--drop-undecodable/,
    );
    expectNoStackTrace(result.stderr);
  });

  it('refuses a module whose export is not a shardline handler', async () => {
    // Act
    const result = await runCli(['template', fixture('plain.handler.ts')]);

    // Assert
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/export "handler" of .*plain\.handler\.ts is not a shardline handler: it has no route table/);
  });
});
