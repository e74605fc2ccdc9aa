import { parseCommandLine, type DevArgs } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/cli-error';

function dev(...argv: string[]): DevArgs {
  const parsed = parseCommandLine(['dev', 'handler.ts', ...argv]);
  if (parsed.command !== 'dev') throw new Error(`parsed as ${parsed.command}`);
  return parsed.args;
}

describe('parseCommandLine', () => {
  it('gives dev the defaults of a Lambda event source mapping', () => {
    expect(dev()).toEqual({
      module: 'handler.ts',
      exportName: 'handler',
      json: false,
      quiet: false,
      endpoint: undefined,
      region: undefined,
      stream: 'local-stream',
      shards: 1,
      putFile: undefined,
      batchSize: 100,
      batchingWindowSeconds: 0,
      startingPosition: 'TRIM_HORIZON',
      startingPositionTimestamp: undefined,
      timeoutSeconds: 3,
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: true,
      tumblingWindowSeconds: 0,
      parallelizationFactor: 1,
      onFailureFile: undefined,
      pollIntervalMs: 1_000,
      untilDrained: false,
    });
  });

  it('reads every dev flag', () => {
    // Act
    const args = dev(
      '--export',
      'consumer',
      '--json',
      '--endpoint',
      'http://localhost:4567',
      '--stream',
      'orders',
      '--region',
      'eu-west-1',
      '--batch-size',
      '500',
      '--batching-window',
      '2.5',
      '--starting-position',
      'at_timestamp',
      '--starting-position-timestamp',
      '1714557600',
      '--timeout',
      '30',
      '--maximum-retry-attempts',
      '3',
      '--maximum-record-age',
      '3600',
      '--bisect-batch-on-function-error',
      '--no-report-batch-item-failures',
      '--on-failure',
      'failed.jsonl',
      '--poll-interval',
      '100',
      '--until-drained',
      '--put',
      'r.jsonl',
      '-q',
    );

    // Assert
    expect(args).toMatchObject({
      exportName: 'consumer',
      json: true,
      endpoint: 'http://localhost:4567',
      stream: 'orders',
      region: 'eu-west-1',
      batchSize: 500,
      batchingWindowSeconds: 2.5,
      startingPosition: 'AT_TIMESTAMP',
      timeoutSeconds: 30,
      maximumRetryAttempts: 3,
      maximumRecordAgeSeconds: 3600,
      bisectBatchOnFunctionError: true,
      reportBatchItemFailures: false,
      onFailureFile: 'failed.jsonl',
      pollIntervalMs: 100,
      untilDrained: true,
      putFile: 'r.jsonl',
      quiet: true,
    });
    expect(args.startingPositionTimestamp?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it('reads the tumbling window and the parallelization factor', () => {
    expect(dev('--tumbling-window', '30')).toMatchObject({ tumblingWindowSeconds: 30, parallelizationFactor: 1 });
    expect(dev('--parallelization-factor', '10')).toMatchObject({ tumblingWindowSeconds: 0, parallelizationFactor: 10 });
  });

  it('reads negative values given as separate arguments', () => {
    expect(dev('--maximum-retry-attempts', '-1', '--maximum-record-age', '-1')).toMatchObject({ maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1 });
  });

  it('reads an ISO starting timestamp', () => {
    expect(dev('--starting-position', 'AT_TIMESTAMP', '--starting-position-timestamp', '2024-05-01T10:00:00Z').startingPositionTimestamp?.getTime()).toBe(
      1_714_557_600_000,
    );
  });

  it.each([
    [['--batch-size', '0'], /--batch-size must be an integer from 1 to 10000, got "0"/],
    [['--batch-size', '1e3'], /--batch-size must be an integer/],
    [['--batching-window', '301'], /--batching-window must be a number from 0 to 300/],
    [['--maximum-retry-attempts', '-2'], /--maximum-retry-attempts must be an integer from -1 to 10000/],
    [['--maximum-record-age', '0'], /--maximum-record-age must be -1 \(never\) or more than 0 seconds/],
    [['--timeout', 'abc'], /--timeout must be a number/],
    [['--starting-position', 'EARLIEST'], /--starting-position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP/],
    [['--starting-position', 'AT_TIMESTAMP'], /needs --starting-position-timestamp/],
    [['--starting-position-timestamp', 'yesterday'], /must be an ISO date or epoch seconds/],
    [['--endpoint', 'http://x:1'], /--stream is required with --endpoint/],
    [['--endpoint', 'http://x:1', '--stream', 's', '--shards', '2'], /--shards applies to the embedded Kinesis only/],
    [['--endpoint', 'ftp://x'], /--endpoint must be an http:\/\/ or https:\/\/ URL/],
    [['--tumbling-window', '901'], /--tumbling-window must be an integer from 0 to 900, got "901"/],
    [['--tumbling-window', '1.5'], /--tumbling-window must be an integer/],
    [['--parallelization-factor', '0'], /--parallelization-factor must be an integer from 1 to 10, got "0"/],
    [['--parallelization-factor', '11'], /--parallelization-factor must be an integer from 1 to 10/],
    [['--tumbling-window', '30', '--parallelization-factor', '2'], /--tumbling-window needs --parallelization-factor 1/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['other.ts'], /dev takes one <module>, got 2/],
  ])('rejects dev %j', (argv, message) => {
    expect(() => dev(...argv)).toThrow(UsageError);
    expect(() => dev(...argv)).toThrow(message);
  });

  it('requires exactly one event source for invoke', () => {
    expect(() => parseCommandLine(['invoke', 'h.ts'])).toThrow(/exactly one of --event/);
    expect(() => parseCommandLine(['invoke', 'h.ts', '--event', 'e.json', '--records', 'r.jsonl'])).toThrow(/exactly one of --event/);
    expect(parseCommandLine(['invoke', 'h.ts', '--records', 'r.jsonl', '--timeout', '1'])).toMatchObject({
      command: 'invoke',
      args: { module: 'h.ts', recordsFile: 'r.jsonl', eventFile: undefined, timeoutSeconds: 1, stream: 'local-stream' },
    });
  });

  it('reads put with aggregation', () => {
    expect(parseCommandLine(['put', 'orders', '--file', 'r.jsonl', '--aggregate', '--aggregate-size', '50'])).toEqual({
      command: 'put',
      args: { stream: 'orders', file: 'r.jsonl', json: false, endpoint: undefined, region: undefined, aggregate: true, aggregateSize: 50 },
    });
  });

  it('rejects put without a file and an aggregate size without --aggregate', () => {
    expect(() => parseCommandLine(['put', 'orders'])).toThrow(/put needs --file/);
    expect(() => parseCommandLine(['put', 'orders', '--file', 'f', '--aggregate-size', '5'])).toThrow(/--aggregate-size needs --aggregate/);
  });

  it('reads routes with another export', () => {
    expect(parseCommandLine(['routes', 'h.ts', '--export', 'consumer', '--json'])).toEqual({
      command: 'routes',
      args: { module: 'h.ts', exportName: 'consumer', json: true },
    });
  });

  it.each([[[]], [['help']], [['--help']], [['-h']]])('reads %j as the overview help', (argv) => {
    expect(parseCommandLine(argv)).toEqual({ command: 'help', topic: undefined });
  });

  it('reads help for one command, either way round', () => {
    expect(parseCommandLine(['help', 'put'])).toEqual({ command: 'help', topic: 'put' });
    expect(parseCommandLine(['dev', '--help'])).toEqual({ command: 'help', topic: 'dev' });
  });

  it('rejects an unknown command', () => {
    expect(() => parseCommandLine(['deploy'])).toThrow(new UsageError('unknown command "deploy"'));
  });
});
