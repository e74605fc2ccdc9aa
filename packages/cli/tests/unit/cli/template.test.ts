import { parseCommandLine } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/cli-error';
import type { TemplateArgs } from '../../../src/cli/template-args';
import { toYaml } from '../../../src/cli/template.command';

function template(...argv: string[]): TemplateArgs {
  const parsed = parseCommandLine(['template', 'handler.ts', ...argv]);
  if (parsed.command !== 'template') throw new Error(`parsed as ${parsed.command}`);
  return parsed.args;
}

describe('shardline template arguments', () => {
  it('leave every mapping setting to the plan when none is given', () => {
    expect(template()).toEqual({
      module: 'handler.ts',
      exportName: 'handler',
      json: false,
      format: 'sam',
      streamArn: undefined,
      onFailureArn: undefined,
      settings: {
        timeoutSeconds: undefined,
        batchSize: undefined,
        maxBatchingWindowSeconds: undefined,
        startingPosition: undefined,
        startingPositionTimestamp: undefined,
        retryAttempts: undefined,
        maxRecordAgeSeconds: undefined,
        bisectBatchOnError: undefined,
        parallelizationFactor: undefined,
        tumblingWindowSeconds: undefined,
        onFailureDestination: false,
      },
    });
  });

  it('turn flags into mapping settings and filter statements', () => {
    // Act
    const args = template(
      '--format',
      'cloudformation',
      '--batch-size',
      '500',
      '--maximum-retry-attempts',
      '-1',
      '--starting-position',
      'latest',
      '--on-failure',
      'arn:aws:sqs:us-east-1:123456789012:failures',
      '--filters',
      'routes',
      '--not-aggregated',
      '--not-compressed',
      '--drop-undecodable',
      '--max-filters',
      '10',
      '--tumbling-window',
      '300',
    );

    // Assert
    expect(args.format).toBe('cloudformation');
    expect(args.onFailureArn).toBe('arn:aws:sqs:us-east-1:123456789012:failures');
    expect(args.settings).toMatchObject({
      batchSize: 500,
      retryAttempts: -1,
      startingPosition: 'LATEST',
      onFailureDestination: true,
      tumblingWindowSeconds: 300,
      filters: { from: 'routes', aggregated: false, compressed: false, dropUndecodable: true, maxFilters: 10 },
    });
  });

  it.each([
    [['--format', 'terraform'], /--format must be sam or cloudformation/],
    [['--batch-size', 'many'], /--batch-size must be a whole number/],
    [['--filters', 'all'], /--filters takes "routes"/],
    [['--not-aggregated'], /--not-aggregated goes with --filters routes/],
  ])('refuse %j', (argv, message) => {
    expect(() => template(...argv)).toThrow(UsageError);
    expect(() => template(...argv)).toThrow(message);
  });
});

describe('toYaml', () => {
  it('writes block YAML, quoting what YAML would read as something else', () => {
    expect(
      toYaml({
        AWSTemplateFormatVersion: '2010-09-09',
        Enabled: true,
        Flag: 'true',
        Count: 5,
        External: ['@aws-sdk/*'],
        Stream: { 'Fn::GetAtt': ['Stream', 'Arn'] },
        Filters: [{ Pattern: '{"data":{"type":["a"]}}' }, { Pattern: 'b', Extra: 'c: d' }],
        Empty: [],
      }),
    ).toBe(
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Enabled: true',
        'Flag: "true"',
        'Count: 5',
        'External:',
        '  - "@aws-sdk/*"',
        'Stream:',
        '  Fn::GetAtt:',
        '    - Stream',
        '    - Arn',
        'Filters:',
        '  - Pattern: "{\\"data\\":{\\"type\\":[\\"a\\"]}}"',
        '  - Pattern: b',
        '    Extra: "c: d"',
        'Empty: []',
        '',
      ].join('\n'),
    );
  });
});
