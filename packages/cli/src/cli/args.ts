import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StartingPosition } from '../local/starting-position.js';
import { UsageError } from './cli-error.js';
import { templateArgs, templateSpec, type TemplateArgs } from './template-args.js';

/**
 * The commands of the CLI.
 *
 * @example
 * if (parsed.command === Command.dev) await devCommand(parsed.args, io, signal);
 */
export const Command = {
  dev: 'dev',
  invoke: 'invoke',
  put: 'put',
  routes: 'routes',
  template: 'template',
  help: 'help',
} as const;
/**
 * One of {@link Command}.
 *
 * @example
 * const topic: Command = 'routes';
 */
export type Command = (typeof Command)[keyof typeof Command];

type Spec = NonNullable<ParseArgsConfig['options']>;

const common: Spec = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
const moduleOptions: Spec = { export: { type: 'string' } };
const endpointOptions: Spec = { endpoint: { type: 'string' }, region: { type: 'string' } };

const specs: Record<Exclude<Command, 'help'>, Spec> = {
  dev: {
    ...common,
    ...moduleOptions,
    ...endpointOptions,
    stream: { type: 'string' },
    shards: { type: 'string' },
    put: { type: 'string' },
    'batch-size': { type: 'string' },
    'batching-window': { type: 'string' },
    'starting-position': { type: 'string' },
    'starting-position-timestamp': { type: 'string' },
    timeout: { type: 'string' },
    'maximum-retry-attempts': { type: 'string' },
    'maximum-record-age': { type: 'string' },
    'bisect-batch-on-function-error': { type: 'boolean' },
    'no-report-batch-item-failures': { type: 'boolean' },
    'tumbling-window': { type: 'string' },
    'parallelization-factor': { type: 'string' },
    'on-failure': { type: 'string' },
    'poll-interval': { type: 'string' },
    'until-drained': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  invoke: {
    ...common,
    ...moduleOptions,
    event: { type: 'string' },
    records: { type: 'string' },
    timeout: { type: 'string' },
    stream: { type: 'string' },
    region: { type: 'string' },
  },
  put: {
    ...common,
    ...endpointOptions,
    file: { type: 'string' },
    aggregate: { type: 'boolean' },
    'aggregate-size': { type: 'string' },
  },
  routes: { ...common, ...moduleOptions },
  template: templateSpec,
};

/**
 * Options of `shardline dev`.
 *
 * @example
 * const { args } = parseCommandLine(['dev', 'handler.ts', '--batch-size', '10']) as { command: 'dev'; args: DevArgs };
 */
export interface DevArgs {
  module: string;
  exportName: string;
  json: boolean;
  quiet: boolean;
  endpoint?: string;
  region?: string;
  stream: string;
  shards: number;
  putFile?: string;
  batchSize: number;
  batchingWindowSeconds: number;
  startingPosition: StartingPosition;
  startingPositionTimestamp?: Date;
  timeoutSeconds: number;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  /** 0: no tumbling window. */
  tumblingWindowSeconds: number;
  parallelizationFactor: number;
  onFailureFile?: string;
  pollIntervalMs: number;
  untilDrained: boolean;
}

/**
 * Options of `shardline invoke`.
 *
 * @example
 * const { args } = parseCommandLine(['invoke', 'handler.ts', '--event', 'e.json']) as { command: 'invoke'; args: InvokeArgs };
 */
export interface InvokeArgs {
  module: string;
  exportName: string;
  json: boolean;
  eventFile?: string;
  recordsFile?: string;
  timeoutSeconds: number;
  stream: string;
  region: string;
}

/**
 * Options of `shardline put`.
 *
 * @example
 * const { args } = parseCommandLine(['put', 'orders', '--file', 'r.jsonl']) as { command: 'put'; args: PutArgs };
 */
export interface PutArgs {
  stream: string;
  file: string;
  json: boolean;
  endpoint?: string;
  region?: string;
  aggregate: boolean;
  aggregateSize: number;
}

/**
 * Options of `shardline routes`.
 *
 * @example
 * const { args } = parseCommandLine(['routes', 'handler.ts']) as { command: 'routes'; args: RoutesArgs };
 */
export interface RoutesArgs {
  module: string;
  exportName: string;
  json: boolean;
}

/**
 * A parsed command line.
 *
 * @example
 * const parsed: ParsedCommandLine = parseCommandLine(process.argv.slice(2));
 */
export type ParsedCommandLine =
  | { command: 'help'; topic?: Exclude<Command, 'help'> }
  | { command: 'dev'; args: DevArgs }
  | { command: 'invoke'; args: InvokeArgs }
  | { command: 'put'; args: PutArgs }
  | { command: 'routes'; args: RoutesArgs }
  | { command: 'template'; args: TemplateArgs };

/**
 * Parses the CLI's arguments (without `node` and the script) into typed, validated options.
 *
 * @throws UsageError for an unknown command or flag, a missing argument or a value out of range.
 * @example
 * parseCommandLine(['dev', 'src/handler.ts', '--batch-size', '500']);
 * // { command: 'dev', args: { module: 'src/handler.ts', batchSize: 500, ... } }
 */
export function parseCommandLine(argv: ReadonlyArray<string>): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !isCommand(topic)) throw new UsageError(`unknown command "${topic}"`);
    return { command: 'help', topic };
  }
  if (!isCommand(first)) throw new UsageError(`unknown command "${first}"`);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(rest, specs[first]), options: specs[first], allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${first}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic: first };
  switch (first) {
    case 'dev':
      return { command: 'dev', args: devArgs(values, positionals) };
    case 'invoke':
      return { command: 'invoke', args: invokeArgs(values, positionals) };
    case 'put':
      return { command: 'put', args: putArgs(values, positionals) };
    case 'routes':
      return {
        command: 'routes',
        args: { module: onePositional('routes', positionals, '<module>'), exportName: str(values.export) ?? 'handler', json: values.json === true },
      };
    case 'template':
      return { command: 'template', args: templateArgs(values, positionals) };
  }
}

/** parseArgs reads `--maximum-retry-attempts -1` as a flag followed by another flag; `-1` is the value. */
function joinNegativeValues(argv: ReadonlyArray<string>, spec: Spec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : undefined;
    if (name !== undefined && spec[name]?.type === 'string' && /^-\d/.test(argv[i + 1] ?? '')) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

function isCommand(value: string): value is Exclude<Command, 'help'> {
  return value in specs;
}

function devArgs(values: Record<string, string | boolean | undefined>, positionals: string[]): DevArgs {
  const startingPosition = (str(values['starting-position']) ?? 'TRIM_HORIZON').toUpperCase();
  if (!Object.values(StartingPosition).includes(startingPosition as StartingPosition)) {
    throw new UsageError(`--starting-position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, got "${values['starting-position']}"`);
  }
  const timestampText = str(values['starting-position-timestamp']);
  let startingPositionTimestamp: Date | undefined;
  if (timestampText !== undefined) {
    startingPositionTimestamp = /^\d+(\.\d+)?$/.test(timestampText) ? new Date(Number(timestampText) * 1000) : new Date(timestampText);
    if (Number.isNaN(startingPositionTimestamp.getTime()))
      throw new UsageError(`--starting-position-timestamp must be an ISO date or epoch seconds, got "${timestampText}"`);
  }
  if (startingPosition === 'AT_TIMESTAMP' && startingPositionTimestamp === undefined) {
    throw new UsageError('--starting-position AT_TIMESTAMP needs --starting-position-timestamp');
  }
  const endpoint = str(values.endpoint);
  if (endpoint !== undefined) checkUrl(endpoint);
  if (endpoint !== undefined && values.shards !== undefined)
    throw new UsageError('--shards applies to the embedded Kinesis only; with --endpoint the stream must exist');
  if (endpoint !== undefined && values.stream === undefined) throw new UsageError('--stream is required with --endpoint');
  const maximumRecordAgeSeconds = num('--maximum-record-age', values['maximum-record-age'], -1, { min: -1, max: 604_800 });
  if (maximumRecordAgeSeconds !== -1 && maximumRecordAgeSeconds <= 0) throw new UsageError('--maximum-record-age must be -1 (never) or more than 0 seconds');
  const tumblingWindowSeconds = int('--tumbling-window', values['tumbling-window'], 0, { min: 0, max: 900 });
  const parallelizationFactor = int('--parallelization-factor', values['parallelization-factor'], 1, { min: 1, max: 10 });
  if (tumblingWindowSeconds > 0 && parallelizationFactor > 1) {
    throw new UsageError('--tumbling-window needs --parallelization-factor 1: the window state is kept per shard, so batches of one shard cannot run at once');
  }
  return {
    module: onePositional('dev', positionals, '<module>'),
    exportName: str(values.export) ?? 'handler',
    json: values.json === true,
    quiet: values.quiet === true,
    endpoint,
    region: str(values.region),
    stream: str(values.stream) ?? 'local-stream',
    shards: int('--shards', values.shards, 1, { min: 1, max: 50 }),
    putFile: str(values.put),
    batchSize: int('--batch-size', values['batch-size'], 100, { min: 1, max: 10_000 }),
    batchingWindowSeconds: num('--batching-window', values['batching-window'], 0, { min: 0, max: 300 }),
    startingPosition: startingPosition as StartingPosition,
    startingPositionTimestamp,
    timeoutSeconds: num('--timeout', values.timeout, 3, { min: 0.001, max: 900 }),
    maximumRetryAttempts: int('--maximum-retry-attempts', values['maximum-retry-attempts'], -1, { min: -1, max: 10_000 }),
    maximumRecordAgeSeconds,
    bisectBatchOnFunctionError: values['bisect-batch-on-function-error'] === true,
    reportBatchItemFailures: values['no-report-batch-item-failures'] !== true,
    tumblingWindowSeconds,
    parallelizationFactor,
    onFailureFile: str(values['on-failure']),
    pollIntervalMs: int('--poll-interval', values['poll-interval'], 1_000, { min: 1, max: 60_000 }),
    untilDrained: values['until-drained'] === true,
  };
}

function invokeArgs(values: Record<string, string | boolean | undefined>, positionals: string[]): InvokeArgs {
  const eventFile = str(values.event);
  const recordsFile = str(values.records);
  if ((eventFile === undefined) === (recordsFile === undefined))
    throw new UsageError('invoke needs exactly one of --event <file.json> or --records <file.jsonl>');
  return {
    module: onePositional('invoke', positionals, '<module>'),
    exportName: str(values.export) ?? 'handler',
    json: values.json === true,
    eventFile,
    recordsFile,
    timeoutSeconds: num('--timeout', values.timeout, 3, { min: 0.001, max: 900 }),
    stream: str(values.stream) ?? 'local-stream',
    region: str(values.region) ?? process.env.AWS_REGION ?? 'us-east-1',
  };
}

function putArgs(values: Record<string, string | boolean | undefined>, positionals: string[]): PutArgs {
  const file = str(values.file);
  if (file === undefined) throw new UsageError('put needs --file <records.jsonl>');
  const endpoint = str(values.endpoint);
  if (endpoint !== undefined) checkUrl(endpoint);
  if (values['aggregate-size'] !== undefined && values.aggregate !== true) throw new UsageError('--aggregate-size needs --aggregate');
  return {
    stream: onePositional('put', positionals, '<stream>'),
    file,
    json: values.json === true,
    endpoint,
    region: str(values.region),
    aggregate: values.aggregate === true,
    aggregateSize: int('--aggregate-size', values['aggregate-size'], 100, { min: 1, max: 10_000 }),
  };
}

function onePositional(command: string, positionals: string[], name: string): string {
  if (positionals.length === 0) throw new UsageError(`${command} needs ${name}`);
  if (positionals.length > 1) throw new UsageError(`${command} takes one ${name}, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0];
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(flag: string, value: string | boolean | undefined, fallback: number, range: { min: number; max: number }): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`${flag} must be a number from ${range.min} to ${range.max}, got "${value}"`);
  }
  return parsed;
}

function int(flag: string, value: string | boolean | undefined, fallback: number, range: { min: number; max: number }): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < range.min || parsed > range.max) {
    throw new UsageError(`${flag} must be an integer from ${range.min} to ${range.max}, got "${value}"`);
  }
  return parsed;
}

function checkUrl(endpoint: string): void {
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`--endpoint must be an http:// or https:// URL, got "${endpoint}"`);
  }
}
