/**
 * Every error shardline throws or reports. Definition errors surface at cold start, in
 * `createHandler` or at decoration time; record errors are per record and reach `@OnInvalid`
 * routes; event errors reject a whole invocation. The errors only tumbling windows throw are in
 * `windows/errors.ts`, with the `shardline/windows` entry, so that the main entry carries none of them.
 */
import type { ValidationError } from 'class-validator';

/**
 * Base class of every shardline error, so `instanceof ShardlineError` tells ours from a user's.
 *
 * @example
 * if (error instanceof ShardlineError) console.error(error.name, error.message);
 */
export class ShardlineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A handler class, decorator or option is used wrongly. Thrown at decoration time or by
 * `createHandler`, never while a batch runs.
 *
 * @example
 * try { createHandler([NotAHandler]); } catch (e) { if (e instanceof DefinitionError) process.exit(1); }
 */
export class DefinitionError extends ShardlineError {}

/**
 * Two routes would receive the same records (same payload type and partition key matcher), or a
 * fallback route (`@OnUnmatched`, `@OnInvalid`) is declared twice.
 *
 * @example
 * expect(() => createHandler([A, B])).toThrow(RouteConflictError);
 */
export class RouteConflictError extends DefinitionError {}

/**
 * An option of `createHandler` or `@StreamHandler` is unknown or has a value outside its range.
 *
 * @example
 * expect(() => createHandler([Orders], { ordering: 'random' as never })).toThrow(InvalidOptionError);
 */
export class InvalidOptionError extends DefinitionError {}

/**
 * The event is not a Kinesis event, or a record cannot be reported to Lambda (no usable sequence
 * number). The whole invocation is rejected, so Lambda retries it as a whole: nothing is lost.
 *
 * @example
 * await expect(handler({} as never, context)).rejects.toThrow(InvalidEventError);
 */
export class InvalidEventError extends ShardlineError {}

/**
 * Where a record error happened: enough to find the record in the stream, and nothing of its
 * payload (which may hold personal data).
 */
export interface RecordLocation {
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
  readonly partitionKey: string;
}

/** How messages name the kind of a value that is not what it must be: `null`, `undefined`, `string`, `object`... */
export function kindOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

/** `unknown option "key"; known options are a, b, c`: how `createHandler` and the decorators refuse a misspelt option. */
export function unknownOption(key: string, known: readonly string[]): string {
  return `unknown option ${JSON.stringify(key)}; known options are ${known.join(', ')}`;
}

/** `record <sequence number> (sub-record n) with partition key "k"`: how error messages name a record. */
export function describeLocation(location: RecordLocation): string {
  const sub = location.subSequenceNumber === undefined ? '' : ` (sub-record ${location.subSequenceNumber})`;
  return `record ${location.sequenceNumber}${sub} with partition key ${JSON.stringify(location.partitionKey)}`;
}

/**
 * Base class of the per-record errors that `@OnInvalid` routes receive: the record could not be
 * decoded, or its payload did not validate.
 *
 * @example
 * \@OnInvalid()
 * quarantine(error: RecordError) { return dlq.put(error.sequenceNumber, error.message); }
 */
export class RecordError extends ShardlineError {
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number | undefined;
  readonly partitionKey: string;

  constructor(location: RecordLocation, reason: string, options?: { cause?: unknown }) {
    super(`${describeLocation(location)}: ${reason}`, options);
    this.sequenceNumber = location.sequenceNumber;
    this.subSequenceNumber = location.subSequenceNumber;
    this.partitionKey = location.partitionKey;
  }
}

/** The decoding step that failed, in pipeline order. */
export const DecodeStage = {
  base64: 'base64',
  deaggregate: 'deaggregate',
  decompress: 'decompress',
  codec: 'codec',
} as const;
export type DecodeStage = (typeof DecodeStage)[keyof typeof DecodeStage];

/**
 * A record's bytes could not be turned into a payload: bad base64, a corrupt KPL aggregate, a
 * corrupt or oversized compressed stream, or a codec that rejected the bytes (bad JSON, say).
 *
 * @example
 * if (error instanceof RecordDecodeError && error.stage === 'codec') metrics.count('bad-json');
 */
export class RecordDecodeError extends RecordError {
  readonly stage: DecodeStage;

  constructor(location: RecordLocation, stage: DecodeStage, reason: string, options?: { cause?: unknown }) {
    super(location, `${stage} decoding failed: ${reason}`, options);
    this.stage = stage;
  }
}

/**
 * A decoded payload could not become an instance of the route's payload class: it is not a JSON
 * object, it did not pass class-validator, or class-transformer or class-validator failed on it
 * (a key named `constructor`, nesting deeper than they can recurse, a `@Transform` that threw;
 * `errors` is then empty and `cause` says which error it was, without its message). `errors`
 * holds the class-validator errors (without the target object and values, so they carry no
 * payload data).
 *
 * @example
 * error.errors.map((e) => e.property); // ['total', 'lines']
 */
export class RecordValidationError extends RecordError {
  readonly errors: readonly ValidationError[];
  readonly payloadClass: string;

  constructor(location: RecordLocation, payloadClass: string, errors: readonly ValidationError[], reason?: string, options?: { cause?: unknown }) {
    super(location, reason ?? `${payloadClass} failed validation: ${formatValidationErrors(errors)}`, options);
    this.payloadClass = payloadClass;
    this.errors = errors;
  }
}

/** Longest payload type an `UnmatchedRecordError` keeps. */
const MAX_TYPE_LENGTH = 64;

/**
 * No route matched a record and the `unmatched` option is `'fail'`.
 *
 * The message never names the payload type: a type is payload content (a discriminator can read
 * any field), and the message goes to logs. The type is kept in `payloadType`, cut to its first 64
 * characters, as a property that is not enumerable, so loggers that print an error's properties
 * (Powertools does) leave it out too.
 *
 * @example
 * const { records } = await handler.processBatch(event);
 * const error = records[0].error;
 * if (error instanceof UnmatchedRecordError) console.debug('no route for', error.payloadType);
 */
export class UnmatchedRecordError extends RecordError {
  /** The record's payload type, cut to 64 characters; `undefined` when none was read. Not enumerable. */
  declare readonly payloadType: string | undefined;

  constructor(location: RecordLocation, payloadType: string | undefined) {
    super(location, payloadType === undefined ? 'no route matched, and no payload type was read' : 'no route matched its payload type (see payloadType)');
    Object.defineProperty(this, 'payloadType', { value: payloadType?.slice(0, MAX_TYPE_LENGTH), enumerable: false });
  }
}

/**
 * Every record of a batch failed and `throwOnFullBatchFailure` is on: the invocation throws so that
 * `BisectBatchOnFunctionError` can split the batch. `failures` keeps each record's error.
 *
 * @example
 * createHandler([Orders], { throwOnFullBatchFailure: true });
 */
export class FullBatchFailureError extends ShardlineError {
  readonly failures: ReadonlyArray<{ readonly sequenceNumber: string; readonly error: unknown }>;

  constructor(failures: ReadonlyArray<{ readonly sequenceNumber: string; readonly error: unknown }>) {
    const first = failures.find((f) => f.error !== undefined)?.error;
    super(`all ${failures.length} records of the batch failed`, { cause: first });
    this.failures = failures;
  }
}

/** Property paths with their failed constraints: `total: total must be a number; lines.0.sku: ...` */
export function formatValidationErrors(errors: readonly ValidationError[], parent = ''): string {
  const parts: string[] = [];
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    if (error.constraints !== undefined) parts.push(`${path}: ${Object.values(error.constraints).join(', ')}`);
    if (error.children !== undefined && error.children.length > 0) {
      parts.push(formatValidationErrors(error.children, path));
    }
  }
  return parts.join('; ');
}

/**
 * The invocation's deadline came near (`deadlineMarginMs`): the reason `RecordContext.signal`
 * aborts with, and the error reported for records that were still running.
 *
 * @example
 * signal.addEventListener('abort', () => { if (signal.reason instanceof DeadlineExceededError) flush(); });
 */
export class DeadlineExceededError extends ShardlineError {}

// Each class's name on its prototype, where the built-in errors keep theirs (so `error.name` and the
// first line of the stack say it): one line a class, where a field would need a constructor a class.
for (const [cls, name] of [
  [ShardlineError, 'ShardlineError'],
  [DefinitionError, 'DefinitionError'],
  [RouteConflictError, 'RouteConflictError'],
  [InvalidOptionError, 'InvalidOptionError'],
  [InvalidEventError, 'InvalidEventError'],
  [RecordError, 'RecordError'],
  [RecordDecodeError, 'RecordDecodeError'],
  [RecordValidationError, 'RecordValidationError'],
  [UnmatchedRecordError, 'UnmatchedRecordError'],
  [FullBatchFailureError, 'FullBatchFailureError'],
  [DeadlineExceededError, 'DeadlineExceededError'],
] as const) {
  cls.prototype.name = name;
}
