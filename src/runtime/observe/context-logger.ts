/**
 * The logger of an invocation: the user's logger (shardline's JSON logger by default, a Powertools
 * `Logger`, anything with the four methods) with the fields that say where a line comes from added
 * to every line. Those fields are reserved: a field of the same name given with a message is
 * dropped, so a line can never claim another request, shard or record than its own.
 */
import type { Logger } from '../../context.js';
import type { Batch } from '../../records/batch.js';
import type { StreamRecord } from '../../records/stream-record.js';
import type { LambdaContext } from '../../types.js';
import { defineField } from '../loggable.js';
import { logSafely } from '../logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Readonly<Record<string, unknown>>;

/**
 * A logger that adds `fields` to every line and never throws: a logger that fails (or a field
 * that cannot be read) costs the line, never the record or the batch.
 *
 * @example
 * const logger = new ContextLogger(options.logger, { requestId: 'c6af9ac6', shardId: 'shardId-000000000000' });
 * logger.info('stored', { orderId: 'o-1' }); // requestId, shardId and orderId
 */
export class ContextLogger implements Logger {
  readonly #target: Logger;
  readonly #fields: Fields;

  constructor(target: Logger, fields: Fields) {
    this.#target = target;
    this.#fields = fields;
  }

  debug(message: string, ...extra: Array<Record<string, unknown>>): void {
    this.#write('debug', message, extra);
  }

  info(message: string, ...extra: Array<Record<string, unknown>>): void {
    this.#write('info', message, extra);
  }

  warn(message: string, ...extra: Array<Record<string, unknown>>): void {
    this.#write('warn', message, extra);
  }

  error(message: string, ...extra: Array<Record<string, unknown>>): void {
    this.#write('error', message, extra);
  }

  /** Writes at `level`; for callers that choose the level at run time. */
  log(level: Level, message: string, fields: Record<string, unknown>): void {
    this.#write(level, message, [fields]);
  }

  /**
   * A logger for the same target with more reserved fields (a record's, for its route).
   *
   * @example
   * const recordLogger = batchLogger.with({ sequenceNumber: record.sequenceNumber, partitionKey: record.partitionKey });
   */
  with(fields: Fields): ContextLogger {
    return new ContextLogger(this.#target, { ...this.#fields, ...fields });
  }

  /**
   * Writes the reserved fields first (what a reader scans for), then the given ones that do not
   * collide with them, later objects over earlier ones; an error given on its own goes under `error`.
   */
  #write(level: Level, message: string, extra: readonly unknown[]): void {
    const reserved = this.#fields;
    const line: Record<string, unknown> = { ...reserved };
    for (const fields of extra) {
      if (typeof fields !== 'object' || fields === null) continue;
      try {
        if (fields instanceof Error) {
          if (!Object.hasOwn(reserved, 'error')) line.error = fields;
          continue;
        }
        for (const key of Object.keys(fields)) {
          if (!Object.hasOwn(reserved, key)) defineField(line, key, (fields as Record<string, unknown>)[key]);
        }
      } catch {
        // A revoked Proxy or a throwing getter: the logger is given what could not be read, and
        // describes it (shardline's own logger writes '[Unreadable]').
        line.fields = fields;
      }
    }
    logSafely(this.#target, level, message, line);
  }
}

/**
 * The fields every line of an invocation carries: the request id, the function name, whether this
 * is the first invocation of the handler (a cold start) and the shard. Empty names (the stand-in
 * context of a call without one) are left out.
 *
 * @example
 * invocationFields(lambda, batch, true); // { requestId: 'c6af9ac6-...', functionName: 'orders', coldStart: true, shardId: 'shardId-000000000000' }
 */
export function invocationFields(lambda: LambdaContext | undefined, batch: Batch, coldStart: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const requestId = readString(lambda, 'awsRequestId');
  if (requestId !== '') fields.requestId = requestId;
  const functionName = readString(lambda, 'functionName') || process.env.AWS_LAMBDA_FUNCTION_NAME;
  if (functionName) fields.functionName = functionName;
  fields.coldStart = coldStart;
  // `shardId-000000000000` from an eventID `shardId-000000000000:4959...`.
  const eventID: unknown = batch.size > 0 ? batch.raw(0).eventID : undefined;
  const shardId = typeof eventID === 'string' ? eventID.split(':')[0] : '';
  if (shardId !== '') fields.shardId = shardId;
  return fields;
}

/**
 * The fields a route's `context.logger` adds for its record: where it is in the stream, never
 * what it holds.
 *
 * @example
 * recordFields(record); // { sequenceNumber: '4959...', partitionKey: 'customer-1' }
 */
export function recordFields(record: StreamRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = { sequenceNumber: record.sequenceNumber };
  if (record.subSequenceNumber !== undefined) fields.subSequenceNumber = record.subSequenceNumber;
  fields.partitionKey = record.partitionKey;
  return fields;
}

/** `lambda[key]` when it is a string, else `''`; never throws. */
function readString(lambda: LambdaContext | undefined, key: 'awsRequestId' | 'functionName'): string {
  try {
    const value: unknown = lambda?.[key];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
