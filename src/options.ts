/**
 * The options of `createHandler`: their defaults, and their checks. Resolved once, at cold start;
 * an unknown option or a value out of range is an `InvalidOptionError` there, not a surprise later.
 */
import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import type { Logger } from './context.js';
import { InvalidOptionError, kindOf, unknownOption } from './errors.js';
import type { Constructor, Discriminator } from './metadata/definitions.js';
import type { Codec, CodecOption } from './records/codecs/codec.js';
import { resolveCodec } from './records/codecs/resolve-codec.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from './records/decompress.js';
import { DEFAULT_VALIDATOR_OPTIONS } from './records/validate-payload.js';
import { checkDiscriminator } from './routing/discriminator.js';
import type { Interceptor } from './routing/interceptor.js';
import { createJsonLogger } from './runtime/logger.js';
import { BatchLog, type ObserveSettings } from './runtime/observe/observer.js';
import { pluginKind, type MetricsPlugin, type ObserverPlugin, type PluginKind, type TracingPlugin } from './runtime/observe/plugin.js';

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

/** Checks one option's value (`undefined` when it is not given) and gives the value in force. */
type Resolve<T> = (value: unknown, name: string) => T;

/** How each option is checked and defaulted; its keys are the known options, in the order they are checked. */
const RESOLVE: { readonly [K in keyof HandlerOptions]-?: Resolve<K extends keyof ResolvedOptions ? ResolvedOptions[K] : ObserverPlugin | undefined> } = {
  ordering: oneOf(Ordering, 'shard'),
  concurrency: integer(DEFAULT_CONCURRENCY, 1),
  onFailure: oneOf(OnFailure, 'stop'),
  unmatched: oneOf(RecordPolicy, 'skip'),
  invalid: oneOf(RecordPolicy, 'fail'),
  discriminator: (value = 'type') => {
    checkDiscriminator('option discriminator', value, InvalidOptionError);
    return value as Discriminator;
  },
  codec: (value = 'json') => {
    const codec = resolveCodec(value as CodecOption);
    if (typeof codec === 'string') throw new InvalidOptionError(`option codec: ${codec}`);
    return codec;
  },
  deaggregate: flag(true),
  decompress: flag(true),
  maxDecompressedBytes: integer(DEFAULT_MAX_DECOMPRESSED_BYTES, 1),
  deadlineMarginMs: integer(DEFAULT_DEADLINE_MARGIN_MS, 0),
  throwOnFullBatchFailure: flag(false),
  logger: (value = createJsonLogger()) => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      if (typeof (value as Partial<Logger>)[level] !== 'function') {
        throw new InvalidOptionError(`option logger must have debug, info, warn and error methods; ${level} is missing`);
      }
    }
    return value as Logger;
  },
  batchLog: oneOf(BatchLog, 'info'),
  metrics: plugin,
  tracing: plugin,
  interceptors: (value = []) => {
    if (!Array.isArray(value)) throw new InvalidOptionError(`option interceptors must be an array of functions ${INTERCEPTOR}`);
    value.forEach((interceptor: unknown, i) => {
      if (typeof interceptor !== 'function') throw new InvalidOptionError(`option interceptors[${i}] is ${kindOf(interceptor)}, not a function ${INTERCEPTOR}`);
    });
    return Object.freeze([...(value as Interceptor[])]);
  },
  instantiate: (value = (handler: Constructor) => new (handler as unknown as new () => object)()) => {
    if (typeof value !== 'function') throw invalid('instantiate', 'a function', value);
    return value as (handler: Constructor) => object;
  },
  transformer: settings({}),
  validator: settings(DEFAULT_VALIDATOR_OPTIONS),
};

/** `option <name> must be <what>, but is <value>`. */
function invalid(name: string, what: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(`option ${name} must be ${what}, but is ${JSON.stringify(value) ?? kindOf(value)}`);
}

function oneOf<T extends string>(allowed: Record<string, T>, fallback: T): Resolve<T> {
  return (value = fallback, name) => {
    const values = Object.values(allowed);
    if (values.includes(value as T)) return value as T;
    throw invalid(name, `one of ${values.map((v) => `'${v}'`).join(', ')}`, value);
  };
}

function flag(fallback: boolean): Resolve<boolean> {
  return (value = fallback, name) => {
    if (typeof value === 'boolean') return value;
    throw invalid(name, 'true or false', value);
  };
}

function integer(fallback: number, min: number): Resolve<number> {
  return (value = fallback, name) => {
    if (Number.isInteger(value) && (value as number) >= min) return value as number;
    throw invalid(name, `an integer of at least ${min}`, value);
  };
}

/** The `transformer` and `validator` options: an options object, over shardline's defaults. */
function settings<T extends object>(defaults: T): Resolve<T> {
  return (value, name) => {
    if (value !== undefined && (typeof value !== 'object' || value === null)) throw invalid(name, 'an options object', value);
    return { ...defaults, ...value };
  };
}

const INTERCEPTOR = '(call, next) => Promise';

/** What to import and write for each observability option: the old ways are refused with these words, the code that does it stays out of the core. */
const PLUGIN_USE = {
  metrics: ['cloudWatchMetrics', '({ namespace, dimensions }), or cloudWatchMetrics(metrics) with a Powertools Metrics instance'],
  tracing: ['xrayTracing', '(tracer) with a Powertools Tracer (or an object of its shape)'],
} as const;

function pluginUse(name: PluginKind): string {
  const [factory, call] = PLUGIN_USE[name];
  return `import { ${factory} } from 'shardline/observability' and pass ${name}: ${factory}${call}`;
}

/** The `metrics` or `tracing` option: a plug-in of that kind, made by its factory in `shardline/observability`. */
function plugin(value: unknown, name: string): ObserverPlugin | undefined {
  const kind = pluginKind(value);
  if (value === undefined || kind === name) return value as ObserverPlugin | undefined;
  const given = kind === undefined ? '' : `, not ${PLUGIN_USE[kind][0]}(...)`;
  throw new InvalidOptionError(`option ${name} takes ${PLUGIN_USE[name as PluginKind][0]}(...)${given}: ${pluginUse(name as PluginKind)}`);
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
  const known = Object.keys(RESOLVE);
  for (const key of Object.keys(options)) {
    if (key === 'tracer') throw new InvalidOptionError(`option tracer is now tracing: ${pluginUse('tracing')}`);
    if (!known.includes(key)) throw new InvalidOptionError(unknownOption(key, known));
  }
  const resolved: Record<string, unknown> = {};
  for (const name of known) resolved[name] = RESOLVE[name as keyof HandlerOptions](options[name as keyof HandlerOptions], name);
  const plugins = [resolved.metrics, resolved.tracing].filter((plugin) => plugin !== undefined) as ObserverPlugin[];
  return Object.freeze({ ...resolved, plugins: Object.freeze(plugins) }) as unknown as ResolvedOptions;
}
