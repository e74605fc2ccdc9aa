/**
 * The errors only the tumbling-window machinery throws, exported by `shardline/windows` (not by the
 * main entry, like the machinery itself: a CommonJS bundle keeps every class an entry exports).
 * Each fails the invocation, so Lambda retries it with the state it holds.
 */
import type { ValidationError } from 'class-validator';
import { describeLocation, ShardlineError, type RecordLocation } from '../errors.js';

/**
 * A tumbling window's state cannot be handed back to Lambda: it is not a JSON object, it does not
 * pass its state class's validation (`errors`), or it cannot be written as JSON. The invocation
 * fails, so Lambda retries it with the state it holds: a state Lambda could not keep is never
 * returned in its place.
 *
 * @example
 * await expect(handler(event)).rejects.toThrow(WindowStateError);
 */
export class WindowStateError extends ShardlineError {
  override readonly name: string = 'WindowStateError';
  /** The class-validator errors of a state class (without target and values); empty for other reasons. */
  readonly errors: readonly ValidationError[];

  constructor(message: string, options?: { cause?: unknown; errors?: readonly ValidationError[] }) {
    super(message, options);
    this.errors = options?.errors ?? [];
  }
}

/**
 * The response of a tumbling-window invocation would pass the 1 MB Lambda keeps for a window's
 * state. The invocation fails with this error rather than hand Lambda a state it would not keep.
 *
 * @example
 * if (error instanceof WindowStateTooLargeError) console.error(`${error.bytes} of ${error.limit} bytes`);
 */
export class WindowStateTooLargeError extends WindowStateError {
  override readonly name: string = 'WindowStateTooLargeError';

  constructor(
    message: string,
    /** The size of the response, as JSON in UTF-8. */
    readonly bytes: number,
    /** The most it may be. */
    readonly limit: number,
  ) {
    super(message);
  }
}

/**
 * The `@WindowReduce` method threw, or returned something that is not a state (a promise, nothing),
 * while folding the contribution of the record named here. The invocation fails, so Lambda retries
 * it with the state it holds.
 *
 * @example
 * if (error instanceof WindowReduceError) console.error(error.sequenceNumber, error.cause);
 */
export class WindowReduceError extends ShardlineError {
  override readonly name: string = 'WindowReduceError';
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number | undefined;
  readonly partitionKey: string;

  constructor(location: RecordLocation, reason: string, options?: { cause?: unknown }) {
    super(`${reason}, folding the contribution of ${describeLocation(location)}`, options);
    this.sequenceNumber = location.sequenceNumber;
    this.subSequenceNumber = location.subSequenceNumber;
    this.partitionKey = location.partitionKey;
  }
}

/**
 * A tumbling window could not end: its `@OnWindowEnd` method threw (the `cause`), or records of the
 * window's final invocation did not complete (`failures`, and their first error as the `cause`), so
 * the state is not the whole window yet. The invocation fails, and Lambda retries the final
 * invocation until it succeeds.
 *
 * @example
 * await expect(handler(finalEvent)).rejects.toThrow(WindowEndError);
 */
export class WindowEndError extends ShardlineError {
  override readonly name: string = 'WindowEndError';
  /** The records of the final invocation that did not complete, by sequence number; empty when the method threw. */
  readonly failures: ReadonlyArray<{ readonly sequenceNumber: string; readonly error: unknown }>;

  constructor(message: string, options?: { cause?: unknown; failures?: ReadonlyArray<{ readonly sequenceNumber: string; readonly error: unknown }> }) {
    super(message, options);
    this.failures = options?.failures ?? [];
  }
}
