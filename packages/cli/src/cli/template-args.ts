import type { ParseArgsConfig } from 'node:util';
import type { MappingSettings, StartingPosition } from 'shardline/deployment';
import { UsageError } from './cli-error.js';

/**
 * The formats `shardline template` prints.
 *
 * @example
 * const format: TemplateFormat = TemplateFormat.sam;
 */
export const TemplateFormat = { sam: 'sam', cloudformation: 'cloudformation' } as const;
/**
 * One of {@link TemplateFormat}.
 *
 * @example
 * const format: TemplateFormat = 'cloudformation';
 */
export type TemplateFormat = (typeof TemplateFormat)[keyof typeof TemplateFormat];

/**
 * Options of `shardline template`: the module, the output, and the mapping settings, which are
 * checked against the handler as `@shardline/cdk` checks its construct's props.
 *
 * @example
 * const { args } = parseCommandLine(['template', 'handler.ts', '--format', 'cloudformation']) as { command: 'template'; args: TemplateArgs };
 */
export interface TemplateArgs {
  module: string;
  exportName: string;
  json: boolean;
  format: TemplateFormat;
  /** The stream's ARN; a `Fn::GetAtt Stream.Arn` placeholder without it. */
  streamArn?: string;
  /** The on-failure destination's ARN (SQS, SNS or S3). */
  onFailureArn?: string;
  settings: MappingSettings;
}

/**
 * The flags of `shardline template`, for `node:util` parseArgs.
 *
 * @example
 * parseArgs({ args, options: templateSpec, allowPositionals: true });
 */
export const templateSpec: NonNullable<ParseArgsConfig['options']> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  export: { type: 'string' },
  format: { type: 'string' },
  stream: { type: 'string' },
  'on-failure': { type: 'string' },
  timeout: { type: 'string' },
  'batch-size': { type: 'string' },
  'batching-window': { type: 'string' },
  'starting-position': { type: 'string' },
  'starting-position-timestamp': { type: 'string' },
  'maximum-retry-attempts': { type: 'string' },
  'maximum-record-age': { type: 'string' },
  'bisect-batch-on-function-error': { type: 'boolean' },
  'parallelization-factor': { type: 'string' },
  'tumbling-window': { type: 'string' },
  filters: { type: 'string' },
  'not-aggregated': { type: 'boolean' },
  'not-compressed': { type: 'boolean' },
  'drop-undecodable': { type: 'boolean' },
  'max-filters': { type: 'string' },
};

/**
 * Turns parsed `template` flags into {@link TemplateArgs}. Ranges are the plan's to check (it
 * names the setting and the handler option involved); here only the shape of each value.
 *
 * @throws UsageError for a missing module, an unknown format, or a value that is not a whole number.
 * @example
 * templateArgs({ format: 'sam', 'batch-size': '500' }, ['handler.ts']).settings.batchSize; // 500
 */
export function templateArgs(values: Record<string, string | boolean | undefined>, positionals: string[]): TemplateArgs {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? 'template needs <module>' : `template takes one <module>, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  const format = (text(values.format) ?? TemplateFormat.sam).toLowerCase();
  if (format !== TemplateFormat.sam && format !== TemplateFormat.cloudformation)
    throw new UsageError(`--format must be sam or cloudformation, got "${values.format}"`);
  const filters = text(values.filters);
  if (filters !== undefined && filters !== 'routes') throw new UsageError(`--filters takes "routes" (filters derived from the route table), got "${filters}"`);
  for (const flag of ['not-aggregated', 'not-compressed', 'drop-undecodable', 'max-filters']) {
    if (values[flag] !== undefined && filters === undefined) throw new UsageError(`--${flag} goes with --filters routes`);
  }
  const startingPosition = text(values['starting-position'])?.toUpperCase() as StartingPosition | undefined;
  return {
    module: positionals[0],
    exportName: text(values.export) ?? 'handler',
    json: values.json === true,
    format,
    streamArn: text(values.stream),
    onFailureArn: text(values['on-failure']),
    settings: {
      timeoutSeconds: whole('--timeout', values.timeout),
      batchSize: whole('--batch-size', values['batch-size']),
      maxBatchingWindowSeconds: whole('--batching-window', values['batching-window']),
      startingPosition,
      startingPositionTimestamp: whole('--starting-position-timestamp', values['starting-position-timestamp']),
      retryAttempts: whole('--maximum-retry-attempts', values['maximum-retry-attempts']),
      maxRecordAgeSeconds: whole('--maximum-record-age', values['maximum-record-age']),
      bisectBatchOnError: values['bisect-batch-on-function-error'] === true ? true : undefined,
      parallelizationFactor: whole('--parallelization-factor', values['parallelization-factor']),
      tumblingWindowSeconds: whole('--tumbling-window', values['tumbling-window']),
      onFailureDestination: values['on-failure'] !== undefined,
      ...(filters !== undefined && {
        filters: {
          from: 'routes',
          ...(values['not-aggregated'] === true && { aggregated: false }),
          ...(values['not-compressed'] === true && { compressed: false }),
          ...(values['drop-undecodable'] === true && { dropUndecodable: true }),
          ...(values['max-filters'] !== undefined && { maxFilters: whole('--max-filters', values['max-filters']) }),
        },
      }),
    },
  };
}

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function whole(flag: string, value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got "${String(value)}"`);
  return Number(value);
}
