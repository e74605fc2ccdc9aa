import type { Logger } from '../context.js';

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
  return value in RANK ? (value as LogLevel) : 'info';
}

/**
 * A logger that writes one JSON object a line (what CloudWatch Logs Insights parses), with
 * `level`, `message`, `timestamp` and the fields. Errors in fields are written as name, message
 * and stack, never as `{}`.
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
    RANK[level] < threshold
      ? () => undefined
      : (message: string, fields?: Record<string, unknown>) =>
          write(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }, errorReplacer));
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}
