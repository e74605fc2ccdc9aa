/**
 * The options of `createHandler`: their defaults, and their checks. Resolved once, at cold start;
 * an unknown option or a value out of range is an `InvalidOptionError` there, not a surprise later.
 */
import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import type { Logger } from './context.js';
import { InvalidOptionError } from './errors.js';
import type { Constructor, Discriminator } from './metadata/definitions.js';
import type { Codec, CodecOption } from './records/codecs/codec.js';
import { resolveCodec } from './records/codecs/resolve-codec.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from './records/decompress.js';
import { DEFAULT_VALIDATOR_OPTIONS } from './records/validate-payload.js';
import { checkDiscriminator } from './routing/discriminator.js';
import type { Interceptor } from './routing/interceptor.js';
import { createJsonLogger } from './runtime/logger.js';
import { BatchLog, type ObserveSettings } from './runtime/observe/observer.js';
import { pluginKind, type MetricsPlugin, type ObserverPlugin, type TracingPlugin } from './runtime/observe/plugin.js';

/** How records of a batch may run at the same time. */
export const Ordering = { shard: 'shard', partitionKey: 'partition-key', none: 'none' } as const;
export type Ordering = (typeof Ordering)[keyof typeof Ordering];

/** What happens to the rest of the batch after a record fails. */
export const OnFailure = { stop: 'stop', continue: 'continue' } as const;
export type OnFailure = (typeof OnFailure)[keyof typeof OnFailure];

export { BatchLog };

/** Whether a record without a route (or an invalid one without `@OnInvalid`) fails or is skipped. */
export const RecordPolicy = { skip: 'skip', fail: 'fail' } as const;
export type RecordPolicy = (typeof RecordPolicy)[keyof typeof RecordPolicy];

/**
 * Options of `createHandler`. All are optional; the defaults keep Kinesis's order and never lose
 * a record.
 *
 * @example
 * createHandler([Orders], { ordering: 'partition-key', concurrency: 32, onFailure: 'continue' });
 */
export interface HandlerOptions {
  /** `'shard'` (default): one record at a time in batch order. `'partition-key'`: in order per key, keys concurrently. `'none'`: all concurrently. */
  ordering?: Ordering;
  /** Most records in flight at once under `'partition-key'` and `'none'`. Default 16. */
  concurrency?: number;
  /** `'stop'` (default): start nothing after the first failure. `'continue'`: try the rest (skipping the rest of a failed key under `'partition-key'`). */
  onFailure?: OnFailure;
  /** A record that no route matches: `'skip'` (default, logged) or `'fail'`. */
  unmatched?: RecordPolicy;
  /** A record that cannot be decoded or validated, when there is no `@OnInvalid` route: `'fail'` (default) or `'skip'`. */
  invalid?: RecordPolicy;
  /** Where the payload type is read: a dot path (default `'type'`) or a function of the decoded payload. */
  discriminator?: Discriminator;
  /** The default codec: `'json'` (default), `'text'`, `'binary'` or a codec object. */
  codec?: CodecOption;
  /** Split KPL aggregated records into their sub-records. Default true. */
  deaggregate?: boolean;
  /** Inflate gzip and zlib data, found by its magic bytes. Default true. */
  decompress?: boolean;
  /** Largest inflated size of one record; a larger one is a decode error. Default 10 MiB. */
  maxDecompressedBytes?: number;
  /** Stop starting records when the invocation has less than this left, and report the rest. Default 2,000 ms (at most half the time an invocation starts with). */
  deadlineMarginMs?: number;
  /** Throw when no record of the batch succeeded, for `BisectBatchOnFunctionError`. Default false. */
  throwOnFullBatchFailure?: boolean;
  /** Where shardline logs, and what routes get as `context.logger`. Default: JSON lines on stdout, level from `SHARDLINE_LOG_LEVEL`. */
  logger?: Logger;
  /** The level of the one line each batch writes (counts by route and outcome, duration, oldest record's age, deadline), or `'off'`. Default `'info'`. */
  batchLog?: BatchLog;
  /** CloudWatch metrics by route, outcome and batch: `cloudWatchMetrics(...)` of `shardline/observability`. Default: none. */
  metrics?: MetricsPlugin;
  /** X-Ray subsegments for each batch and each of its routes: `xrayTracing(tracer)` of `shardline/observability`. Default: none. */
  tracing?: TracingPlugin;
  /** Interceptors around every route method, the first outermost; `@UseInterceptors` adds more per class and method. */
  interceptors?: readonly Interceptor[];
  /** Creates handler classes, for DI containers. Default: `new Handler()`. */
  instantiate?: (handler: Constructor) => object;
  /** class-transformer options for payload classes. */
  transformer?: ClassTransformOptions;
  /** class-validator options for payload classes. Default: `forbidUnknownValues`, and errors without target and values. */
  validator?: ValidatorOptions;
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  readonly ordering: Ordering;
  readonly concurrency: number;
  readonly onFailure: OnFailure;
  readonly unmatched: RecordPolicy;
  readonly invalid: RecordPolicy;
  readonly discriminator: Discriminator;
  readonly codec: Codec;
  readonly deaggregate: boolean;
  readonly decompress: boolean;
  readonly maxDecompressedBytes: number;
  readonly deadlineMarginMs: number;
  readonly throwOnFullBatchFailure: boolean;
  readonly logger: Logger;
  readonly batchLog: BatchLog;
  /** The plug-ins of `shardline/observability` in force: metrics, then tracing. */
  readonly plugins: ObserveSettings['plugins'];
  readonly interceptors: readonly Interceptor[];
  readonly instantiate: (handler: Constructor) => object;
  readonly transformer: ClassTransformOptions;
  readonly validator: ValidatorOptions;
}

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_DEADLINE_MARGIN_MS = 2_000;

const KNOWN = new Set<string>([
  'ordering',
  'concurrency',
  'onFailure',
  'unmatched',
  'invalid',
  'discriminator',
  'codec',
  'deaggregate',
  'decompress',
  'maxDecompressedBytes',
  'deadlineMarginMs',
  'throwOnFullBatchFailure',
  'logger',
  'batchLog',
  'metrics',
  'tracing',
  'interceptors',
  'instantiate',
  'transformer',
  'validator',
]);

function oneOf<T extends string>(name: string, value: unknown, allowed: Record<string, T>, fallback: T): T {
  if (value === undefined) return fallback;
  const values = Object.values(allowed);
  if (!values.includes(value as T)) {
    throw new InvalidOptionError(`option ${name} must be one of ${values.map((v) => `'${v}'`).join(', ')}, but is ${JSON.stringify(value)}`);
  }
  return value as T;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(`option ${name} must be true or false, but is ${JSON.stringify(value)}`);
  return value;
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(`option ${name} must be an integer of at least ${min}, but is ${JSON.stringify(value)}`);
  }
  return value;
}

/** What to import and write for each observability option: the old ways are refused with these words, the code that does it stays out of the core. */
const PLUGIN_USE = {
  metrics: [
    'cloudWatchMetrics',
    "import { cloudWatchMetrics } from 'shardline/observability' and pass metrics: cloudWatchMetrics({ namespace, dimensions }), or cloudWatchMetrics(metrics) with a Powertools Metrics instance",
  ],
  tracing: [
    'xrayTracing',
    "import { xrayTracing } from 'shardline/observability' and pass tracing: xrayTracing(tracer) with a Powertools Tracer (or an object of its shape)",
  ],
} as const;

/** The `metrics` or `tracing` option: a plug-in of that kind, made by its factory in `shardline/observability`. */
function pluginOption(name: 'metrics' | 'tracing', value: unknown, plugins: ObserverPlugin[]): void {
  if (value === undefined) return;
  const kind = pluginKind(value);
  if (kind === name) {
    plugins.push(value as ObserverPlugin);
    return;
  }
  const given = kind === undefined ? '' : `, not ${PLUGIN_USE[kind][0]}(...)`;
  throw new InvalidOptionError(`option ${name} takes ${PLUGIN_USE[name][0]}(...)${given}: ${PLUGIN_USE[name][1]}`);
}

function interceptorsOption(value: unknown): readonly Interceptor[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidOptionError('option interceptors must be an array of functions (call, next) => Promise');
  value.forEach((interceptor: unknown, i) => {
    if (typeof interceptor !== 'function')
      throw new InvalidOptionError(
        `option interceptors[${i}] is ${interceptor === null ? 'null' : typeof interceptor}, not a function (call, next) => Promise`,
      );
  });
  return Object.freeze([...(value as Interceptor[])]);
}

function fn<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw new InvalidOptionError(`option ${name} must be a function`);
  return value as T;
}

/**
 * Applies defaults and checks every option.
 *
 * @throws InvalidOptionError naming the option, what it must be, and what it is.
 * @example
 * resolveOptions({ ordering: 'partition-key' }).concurrency; // 16
 */
export function resolveOptions(options: HandlerOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('createHandler options must be an object');
  for (const key of Object.keys(options)) {
    if (key === 'tracer') throw new InvalidOptionError(`option tracer is now tracing: ${PLUGIN_USE.tracing[1]}`);
    if (!KNOWN.has(key)) throw new InvalidOptionError(`unknown option ${JSON.stringify(key)}; known options are ${[...KNOWN].join(', ')}`);
  }
  const discriminator = options.discriminator ?? 'type';
  const discriminatorProblem = checkDiscriminator(discriminator);
  if (discriminatorProblem !== undefined) throw new InvalidOptionError(`option discriminator: ${discriminatorProblem}`);
  const codec = resolveCodec(options.codec ?? 'json');
  if (typeof codec === 'string') throw new InvalidOptionError(`option codec: ${codec}`);
  const logger = options.logger ?? createJsonLogger();
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof logger[level] !== 'function') throw new InvalidOptionError(`option logger must have debug, info, warn and error methods; ${level} is missing`);
  }
  for (const name of ['transformer', 'validator'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && (typeof value !== 'object' || value === null)) throw new InvalidOptionError(`option ${name} must be an options object`);
  }
  const plugins: ObserverPlugin[] = [];
  pluginOption('metrics', options.metrics, plugins);
  pluginOption('tracing', options.tracing, plugins);
  return Object.freeze({
    ordering: oneOf('ordering', options.ordering, Ordering, 'shard'),
    concurrency: count('concurrency', options.concurrency, DEFAULT_CONCURRENCY, 1),
    onFailure: oneOf('onFailure', options.onFailure, OnFailure, 'stop'),
    unmatched: oneOf('unmatched', options.unmatched, RecordPolicy, 'skip'),
    invalid: oneOf('invalid', options.invalid, RecordPolicy, 'fail'),
    discriminator,
    codec,
    deaggregate: flag('deaggregate', options.deaggregate, true),
    decompress: flag('decompress', options.decompress, true),
    maxDecompressedBytes: count('maxDecompressedBytes', options.maxDecompressedBytes, DEFAULT_MAX_DECOMPRESSED_BYTES, 1),
    deadlineMarginMs: count('deadlineMarginMs', options.deadlineMarginMs, DEFAULT_DEADLINE_MARGIN_MS, 0),
    throwOnFullBatchFailure: flag('throwOnFullBatchFailure', options.throwOnFullBatchFailure, false),
    logger,
    batchLog: oneOf('batchLog', options.batchLog, BatchLog, 'info'),
    plugins: Object.freeze(plugins),
    interceptors: interceptorsOption(options.interceptors),
    instantiate: fn('instantiate', options.instantiate, (handler: Constructor) => new (handler as unknown as new () => object)()),
    transformer: { ...options.transformer },
    validator: { ...DEFAULT_VALIDATOR_OPTIONS, ...options.validator },
  });
}
