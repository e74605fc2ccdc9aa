/**
 * The per-record path: decode, route, validate, call. Everything it consults was resolved at
 * set-up; what it does per record is lookups, one context object and the user's method.
 */
import type { Logger, RecordContext } from '../context.js';
import { DecodeStage, RecordDecodeError, RecordError, UnmatchedRecordError } from '../errors.js';
import type { Batch } from '../records/batch.js';
import type { Codec } from '../records/codecs/codec.js';
import { InvalidUtf8Error, jsonCodec, NOT_UTF8 } from '../records/codecs/json.codec.js';
import { binaryCodec } from '../records/codecs/binary.codec.js';
import { ForbiddenKeyError } from '../records/codecs/safe-json.js';
import { textCodec } from '../records/codecs/text.codec.js';
import { decodeRecord, type DecodeSettings } from '../records/decode-record.js';
import { errorName, isStackOverflow, redactError } from '../records/redact-error.js';
import type { StreamRecord } from '../records/stream-record.js';
import type { CompiledRoute } from '../routing/route.js';
import type { RouteTable } from '../routing/route-table.js';
import type { RecordPolicy } from '../options.js';
import type { LambdaContext } from '../types.js';
import { logSafely } from './logger.js';
import { LazyRecordContext } from './observe/record-context.js';
import { Outcome, SKIPPED } from './outcome.js';
import { keepContribution } from './contribution.js';

/** How records are decoded, and what becomes of those no route matches or that are invalid: the resolved options. */
export interface DispatchSettings extends DecodeSettings {
  readonly unmatched: RecordPolicy;
  readonly invalid: RecordPolicy;
}

/** What one invocation shares with all its records. */
export interface Invocation {
  readonly lambda: LambdaContext;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** The route each record took, by unit index, for reports. */
  readonly routes: Array<string | undefined>;
  /** Records skipped because no route matched, by payload type (`NO_TYPE` when none was read), for one log line a batch. */
  readonly unmatched: Map<string, number>;
  /** What contributing routes returned, by unit index: set only for a tumbling-window event of a handler with `@WindowReduce`. */
  readonly contributions: unknown[] | undefined;
}

/** A record that completed synchronously; a promise stands for one that completes later (see `StartRecord`). */
type Done = typeof Outcome.succeeded | typeof Outcome.skipped;
const NOT_DECODED = Symbol('not decoded');

/** How `Invocation.unmatched` counts records whose payload type could not be read. */
export const NO_TYPE = '(no type)';

/**
 * Whether a codec is one of shardline's own, which never read the record they are given: the record
 * is then not built just to be passed (it is built when a route or an error asks for it).
 */
function ignoresRecord(codec: Codec): boolean {
  return codec === jsonCodec || codec === textCodec || codec === binaryCodec;
}

/** The value an asynchronous step fulfils with, from what the step that followed it returned. */
function later(result: Done | Promise<unknown>): unknown {
  return result === Outcome.skipped ? SKIPPED : result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

/**
 * Codec errors say what was wrong and where, never what the bytes were: the error (and the stack
 * that repeats its message) ends up in logs, and Powertools prints a `cause` in full. So a cause is
 * kept only when its text is fixed: the json codec's forbidden keys and invalid UTF-8, the text
 * codec's decoder. A JSON SyntaxError quotes the text it could not parse, and a user codec's error
 * may say anything: those are replaced by a redacted error (same class and name, a message of our
 * own, the original's stack frames).
 */
export function codecFailure(codec: Codec, record: StreamRecord, error: unknown): RecordDecodeError {
  const by = `the ${codec.name} codec`;
  let reason: string;
  let redact = false;
  if (error instanceof ForbiddenKeyError || error instanceof InvalidUtf8Error) reason = error.message;
  else if (error instanceof SyntaxError) {
    reason = `${by} found invalid syntax${syntaxErrorPosition(error.message)}`;
    redact = true;
  } else if (codec === textCodec) reason = NOT_UTF8;
  else if (isStackOverflow(error)) reason = `${by} ran out of stack (the data is nested too deeply for it)`;
  else {
    reason = `${by} threw ${errorName(error)}`;
    redact = true;
  }
  const cause = redact ? redactError(error, `${reason} (its message is left out: it may quote the data)`) : error;
  return new RecordDecodeError(record, DecodeStage.codec, reason, { cause });
}

/** " at position 12" from V8's JSON messages, or "" (its "Unexpected token" messages give none). */
function syntaxErrorPosition(message: string): string {
  const position = /position (\d+)/.exec(message);
  if (position !== null) return ` at position ${position[1]}`;
  return message === 'Unexpected end of JSON input' ? ': the data ends early' : '';
}

/**
 * Runs one record. Returns its outcome when it completes synchronously, else a promise that fulfils
 * when it completes (with `SKIPPED` when a policy skipped it); throws (or rejects) when it failed.
 */
export class Dispatcher {
  readonly #table: RouteTable;
  readonly #settings: DispatchSettings;

  constructor(table: RouteTable, settings: DispatchSettings) {
    this.#table = table;
    this.#settings = settings;
  }

  run(batch: Batch, index: number, invocation: Invocation): Done | Promise<unknown> {
    let data: Buffer;
    try {
      data = decodeRecord(batch, index, this.#settings);
    } catch (error) {
      return this.#invalid(error, new LazyRecordContext(batch, index, batch.data(index), invocation), index, invocation);
    }
    // The one object made for the record: its StreamRecord is built only when something reads it.
    const context = new LazyRecordContext(batch, index, data, invocation);
    const table = this.#table;
    // Type routes read the type from the payload decoded with their codec (usually one codec, so one
    // decode); a decoded payload is kept for the route that takes it.
    let payload: unknown = NOT_DECODED;
    let payloadCodec: Codec | undefined;
    let decodeError: RecordDecodeError | undefined;
    let failedCodec: Codec | undefined;
    let route: CompiledRoute | undefined;
    const codecs = table.typeCodecs;
    for (let c = 0; c < codecs.length && route === undefined; c++) {
      const codec = codecs[c];
      let value: unknown;
      try {
        value = codec.decode(data, ignoresRecord(codec) ? (undefined as never) : context.record);
      } catch (error) {
        if (decodeError === undefined) {
          decodeError = codecFailure(codec, context.record, error);
          failedCodec = codec;
        }
        continue;
      }
      route = table.matchType(c, batch.partitionKey(index), value);
      if (payloadCodec === undefined || route !== undefined) {
        payload = value;
        payloadCodec = codec;
      }
    }
    route ??= table.matchPartitionKey(batch.partitionKey(index)) ?? table.unmatched;
    if (route === undefined) {
      if (payloadCodec === undefined && decodeError !== undefined) return this.#invalid(decodeError, context, index, invocation);
      return this.#unmatched(batch, index, payload, invocation);
    }
    if (route.codec !== payloadCodec) {
      if (route.codec === failedCodec) return this.#invalid(decodeError, context, index, invocation);
      try {
        payload = route.codec.decode(data, context.record);
      } catch (error) {
        return this.#invalid(codecFailure(route.codec, context.record, error), context, index, invocation);
      }
    }
    if (route.validate !== undefined) {
      let valid: object | Promise<object>;
      try {
        valid = route.validate(payload, context.record);
      } catch (error) {
        return this.#invalid(error, context, index, invocation);
      }
      if (isThenable(valid)) {
        const target = route;
        return Promise.resolve(valid).then(
          (instance) => call(target, instance, context, index, invocation),
          (error: unknown) => later(this.#invalid(error, context, index, invocation)),
        );
      }
      payload = valid;
    }
    return call(route, payload, context, index, invocation);
  }

  /**
   * `@OnInvalid` decides when there is one (returning handles the record, throwing fails it).
   * Every step before the route method turns what goes wrong into a `RecordError` (decodeRecord,
   * `codecFailure`, the compiled payload validator), so anything else is a defect of shardline's
   * own, and fails the record rather than being skipped.
   */
  #invalid(error: unknown, context: RecordContext, index: number, invocation: Invocation): Done | Promise<unknown> {
    if (!(error instanceof RecordError)) throw error;
    const route = this.#table.invalid;
    if (route !== undefined) return call(route, error, context, index, invocation);
    if (this.#settings.invalid === 'skip') {
      logSafely(invocation.logger, 'warn', 'invalid record skipped', {
        sequenceNumber: error.sequenceNumber,
        subSequenceNumber: error.subSequenceNumber,
        partitionKey: error.partitionKey,
        error,
      });
      return Outcome.skipped;
    }
    throw error;
  }

  #unmatched(batch: Batch, index: number, payload: unknown, invocation: Invocation): Done {
    const type = payload === NOT_DECODED ? undefined : this.#table.typeOf(payload);
    if (this.#settings.unmatched === 'fail') throw new UnmatchedRecordError(batch.location(index), type);
    // Streams often carry types a handler does not want: counted here, logged once a batch.
    const key = type ?? NO_TYPE;
    invocation.unmatched.set(key, (invocation.unmatched.get(key) ?? 0) + 1);
    return Outcome.skipped;
  }
}

/** Calls the route's method: the record's outcome, or a promise of it. */
function call(route: CompiledRoute, payload: unknown, context: RecordContext, index: number, invocation: Invocation): Done | Promise<unknown> {
  invocation.routes[index] = route.id;
  const result = route.invoke(payload, context);
  if (route.contributes && invocation.contributions !== undefined) return keepContribution(invocation.contributions, index, result);
  // A native promise is awaited as it is (Promise.resolve returns it); other thenables are adopted.
  return isThenable(result) ? Promise.resolve(result) : Outcome.succeeded;
}
