import type { Logger } from '../context.js';
import { defineField, toLoggable } from './loggable.js';

/** Log levels, lowest first. */
export const LogLevel = { debug: 'debug', info: 'info', warn: 'warn', error: 'error', silent: 'silent' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * The level from the environment: `SHARDLINE_LOG_LEVEL`, else Lambda's own `AWS_LAMBDA_LOG_LEVEL`
 * (set by the function's logging configuration), else `info`.
 */
export function levelFromEnvironment(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const value = (env.SHARDLINE_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'info').toLowerCase();
  if (value === 'trace') return 'debug';
  if (value === 'fatal') return 'error';
  // Own keys only: `in` would take `constructor` or `toString` for a level.
  return Object.hasOwn(RANK, value) ? (value as LogLevel) : 'info';
}

/**
 * A logger that writes one JSON object a line (what CloudWatch Logs Insights parses), with
 * `level`, `message`, `timestamp` (which fields cannot replace) and the fields. Errors in fields
 * are written as name, message and stack, never as `{}`. Any value can be logged: cycles, BigInts, getters or `toJSON` methods
 * that throw and revoked Proxies are described instead of making the call throw, and a line is
 * bounded (depth 10, 100 keys or items an object, 8 KiB a string, about 64 KiB in all).
 *
 * @example
 * const logger = createJsonLogger({ level: 'debug' });
 * logger.info('batch done', { records: 100 });
 * // {"level":"info","message":"batch done","timestamp":"...","records":100}
 */
export function createJsonLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const threshold = RANK[options.level ?? levelFromEnvironment()];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: Exclude<LogLevel, 'silent'>) =>
    RANK[level] < threshold ? disabled : (message: string, fields?: Record<string, unknown>) => write(jsonLine(level, message, fields));
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** What `createJsonLogger` gives for the levels below its own: one function, so `isDisabled` can tell. */
const disabled = (): void => undefined;

/**
 * Whether `logger` is known to drop `level`'s lines: a `createJsonLogger` logger below its level.
 * Work that only feeds such a line (the batch line's summary) is skipped; any other logger gets it.
 */
export function isDisabled(logger: Logger, level: Exclude<LogLevel, 'silent'>): boolean {
  return logger[level] === disabled;
}

/** One log line; never throws, whatever `message` and `fields` hold. */
function jsonLine(level: string, message: unknown, fields: unknown): string {
  const line: Record<string, unknown> = { level, message: toLoggable(message), timestamp: new Date().toISOString() };
  if (fields === undefined) return JSON.stringify(line);
  const copy = toLoggable(fields);
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    // Not an object of fields (or one that could not be read): kept whole, under a key of its own.
    line.fields = copy;
  } else {
    // After level, message and timestamp, which they cannot replace: a line that says it is a debug
    // line, or says something else than was logged, is a line an operator is misled by.
    for (const key of Object.keys(copy)) {
      if (!Object.hasOwn(line, key)) defineField(line, key, (copy as Record<string, unknown>)[key]);
    }
  }
  return JSON.stringify(line);
}

/** Made when the first logger throws, not at load: most functions never need it. */
let loggersThatThrew: WeakSet<object> | undefined;

/**
 * Calls `logger[level](message, fields)` and never throws: shardline's own lines go through this,
 * so a logger that throws (a full disk, a broken transport, a bug) costs the line, never the batch.
 * The first time a logger throws, one line on stderr says so.
 *
 * @example
 * logSafely(options.logger, 'error', 'record failed', { sequenceNumber, error });
 */
export function logSafely(logger: Logger, level: Exclude<LogLevel, 'silent'>, message: string, fields: Record<string, unknown>): void {
  try {
    logger[level](message, fields);
  } catch (error) {
    reportLoggerFailure(logger, message, error);
  }
}

function reportLoggerFailure(logger: Logger, message: string, error: unknown): void {
  try {
    loggersThatThrew ??= new WeakSet();
    if (loggersThatThrew.has(logger)) return;
    loggersThatThrew.add(logger);
    const explanation = `shardline: the logger threw while writing "${message}"; lines it fails to write are dropped, the batch goes on`;
    process.stderr.write(`${jsonLine('error', explanation, { error })}\n`);
  } catch {
    // Nowhere left to write to.
  }
}
