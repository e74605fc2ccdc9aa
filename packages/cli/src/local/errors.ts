/**
 * Errors of the local runner. They stay out of `src/errors.ts` because the runner is not part of a
 * Lambda bundle; like every shardline error they extend `ShardlineError`, each with its own `name`
 * and its `cause`.
 */
import { ShardlineError } from 'shardline';

/**
 * The embedded Kinesis emulator could not be started.
 *
 * @example
 * try { await startLocalKinesis(); } catch (e) { if (e instanceof LocalKinesisStartError) console.error(e.message); }
 */
export class LocalKinesisStartError extends ShardlineError {
  override readonly name: string = 'LocalKinesisStartError';
}

/**
 * A stream does not exist on the endpoint, or did not become ACTIVE in time.
 *
 * @example
 * if (error instanceof StreamUnavailableError) console.error(`create it first: ${error.message}`);
 */
export class StreamUnavailableError extends ShardlineError {
  override readonly name: string = 'StreamUnavailableError';
  constructor(
    message: string,
    readonly streamName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The Kinesis endpoint could not be reached (connection refused, timeout, DNS).
 *
 * @example
 * if (error instanceof EndpointUnreachableError) console.error(error.message);
 */
export class EndpointUnreachableError extends ShardlineError {
  override readonly name: string = 'EndpointUnreachableError';
  constructor(
    message: string,
    readonly endpoint: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Some records could not be put after every retry.
 *
 * @example
 * catch (e) { if (e instanceof PutRecordsError) console.error(`${e.failedCount} records not written`); }
 */
export class PutRecordsError extends ShardlineError {
  override readonly name: string = 'PutRecordsError';
  constructor(
    message: string,
    readonly failedCount: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Event source mapping settings outside Lambda's ranges.
 *
 * @example
 * validateMappingOptions({ batchSize: 0 }); // throws EventSourceMappingConfigError
 */
export class EventSourceMappingConfigError extends ShardlineError {
  override readonly name: string = 'EventSourceMappingConfigError';
}

/**
 * The value a handler or a callback threw, as an `Error`: an `Error` as it is, anything else wrapped,
 * with the value as its `cause`, so that what the runner reports or throws is always an `Error`.
 *
 * @example
 * toError('boom').message; // 'boom'
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : describeThrown(value), { cause: value });
}

// `undefined` (JSON has no text for it) makes an empty message, as it always has.
function describeThrown(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // BigInts and cycles have no JSON.
    return String(value);
  }
}
