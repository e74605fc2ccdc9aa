/**
 * What a mapping can be told: its options, Lambda's ranges for them, and the settings they resolve to
 * once the defaults are applied.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { EventSourceMappingConfigError } from './errors.js';
import type { EventSourceMappingEvent } from './mapping-events.js';
import type { OnFailureRecord } from './on-failure.js';
import { StartingPosition } from './starting-position.js';
import type { KinesisLambdaHandler } from './types.js';

/**
 * Options of {@link startEventSourceMapping}: the event source mapping settings plus local knobs.
 *
 * @example
 * const options: EventSourceMappingOptions = { client, streamName: 'orders', handler, batchSize: 500, bisectBatchOnFunctionError: true };
 */
export interface EventSourceMappingOptions {
  client: KinesisClient;
  streamName: string;
  /** Any Lambda handler for Kinesis events. */
  handler: KinesisLambdaHandler;
  /** Records per invocation, 1 to 10,000. Default 100. */
  batchSize?: number;
  /** Seconds to gather records before invoking (MaximumBatchingWindowInSeconds), 0 to 300. Default 0. */
  batchingWindowSeconds?: number;
  /** Default TRIM_HORIZON. */
  startingPosition?: StartingPosition;
  /** Required with AT_TIMESTAMP. */
  startingPositionTimestamp?: Date;
  /** Function timeout in seconds; the context's deadline. Default 3 (Lambda's default). */
  timeoutSeconds?: number;
  /** FunctionResponseTypes: ['ReportBatchItemFailures']. Default true. */
  reportBatchItemFailures?: boolean;
  /** -1 (default) retries until the record expires. */
  maximumRetryAttempts?: number;
  /** -1 (default) never discards by age. Lambda's minimum is 60; any positive value is accepted locally. */
  maximumRecordAgeSeconds?: number;
  /** Split a batch in two after a function error. Default false. */
  bisectBatchOnFunctionError?: boolean;
  /**
   * TumblingWindowInSeconds, 0 to 900 (0: none, the default). Records are aggregated per shard over
   * windows aligned on the epoch by their arrival time: each invocation gets the window and the state
   * its last successful invocation returned, the response must carry `state` (else the invocation
   * failed), and a final invocation without records follows once the window is over. On `stop()` an
   * open window gets its final invocation at once (one attempt), marked `isWindowTerminatedEarly`
   * unless its end has passed: the local runner keeps no state across runs.
   */
  tumblingWindowInSeconds?: number;
  /**
   * ParallelizationFactor, 1 (default) to 10: batches of one shard in flight at once. Records go to a
   * lane by a hash of their partition key, so each key keeps its order; the shard's checkpoint passes
   * only records that every lane is done with. Needs 1 with a tumbling window (one state per shard).
   */
  parallelizationFactor?: number;
  /** JSON lines file that receives an on-failure record for each discarded batch. */
  onFailureFile?: string;
  /** Called with each on-failure record (in addition to the file). */
  onFailure?: (record: OnFailureRecord) => void | Promise<void>;
  /** Milliseconds between polls of a shard that returned nothing. Default 1,000 (Lambda's rate). */
  pollIntervalMs?: number;
  /** Milliseconds to wait before retrying a failed batch. Default 0. */
  retryDelayMs?: number;
  /** Milliseconds between progress events. Default 1,000; 0 disables them. */
  progressIntervalMs?: number;
  /** Milliseconds between shard listings, to pick up shards created by resharding. Default 10,000. */
  shardDiscoveryIntervalMs?: number;
  /** Stop on its own once every shard is caught up with the tip. Default false. */
  untilDrained?: boolean;
  /** Aborting stops the mapping, like `stop()`. */
  signal?: AbortSignal;
  /** Name of the emulated function. Default `shardline-local`. */
  functionName?: string;
  /** Shown in error messages. */
  endpoint?: string;
  /** Receives every event of the run, for progress output and for tests. */
  onEvent?: (event: EventSourceMappingEvent) => void;
}
/**
 * Validates mapping settings with Lambda's ranges; throws {@link EventSourceMappingConfigError}.
 *
 * @example
 * validateMappingOptions({ batchSize: 20_000 }); // throws: batchSize must be an integer from 1 to 10000
 */
export function validateMappingOptions(
  options: Pick<
    EventSourceMappingOptions,
    | 'batchSize'
    | 'batchingWindowSeconds'
    | 'startingPosition'
    | 'startingPositionTimestamp'
    | 'timeoutSeconds'
    | 'maximumRetryAttempts'
    | 'maximumRecordAgeSeconds'
    | 'tumblingWindowInSeconds'
    | 'parallelizationFactor'
  >,
): void {
  const fail = (message: string): never => {
    throw new EventSourceMappingConfigError(message);
  };
  const { batchSize, batchingWindowSeconds, timeoutSeconds, maximumRetryAttempts, maximumRecordAgeSeconds, tumblingWindowInSeconds, parallelizationFactor } =
    options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000))
    fail(`batch size must be an integer from 1 to 10000, got ${batchSize}`);
  if (batchingWindowSeconds !== undefined && !(batchingWindowSeconds >= 0 && batchingWindowSeconds <= 300))
    fail(`batching window must be from 0 to 300 seconds, got ${batchingWindowSeconds}`);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 900))
    fail(`timeout must be more than 0 and at most 900 seconds, got ${timeoutSeconds}`);
  if (maximumRetryAttempts !== undefined && !(Number.isInteger(maximumRetryAttempts) && maximumRetryAttempts >= -1 && maximumRetryAttempts <= 10_000)) {
    fail(`maximum retry attempts must be an integer from -1 to 10000, got ${maximumRetryAttempts}`);
  }
  if (maximumRecordAgeSeconds !== undefined && !(maximumRecordAgeSeconds === -1 || (maximumRecordAgeSeconds > 0 && maximumRecordAgeSeconds <= 604_800))) {
    fail(`maximum record age must be -1 or more than 0 and at most 604800 seconds, got ${maximumRecordAgeSeconds}`);
  }
  if (tumblingWindowInSeconds !== undefined && !(Number.isInteger(tumblingWindowInSeconds) && tumblingWindowInSeconds >= 0 && tumblingWindowInSeconds <= 900)) {
    fail(`tumbling window must be a whole number of seconds from 0 (none) to 900, got ${tumblingWindowInSeconds}`);
  }
  if (parallelizationFactor !== undefined && !(Number.isInteger(parallelizationFactor) && parallelizationFactor >= 1 && parallelizationFactor <= 10)) {
    fail(`parallelization factor must be an integer from 1 to 10, got ${parallelizationFactor}`);
  }
  if ((tumblingWindowInSeconds ?? 0) > 0 && (parallelizationFactor ?? 1) > 1) {
    fail(
      `a tumbling window needs a parallelization factor of 1, got ${parallelizationFactor}: the window's state is kept per shard, and concurrent batches of one shard would each start from it`,
    );
  }
  if (options.startingPosition !== undefined && !Object.values(StartingPosition).includes(options.startingPosition)) {
    fail(`starting position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, got ${options.startingPosition}`);
  }
  if (
    options.startingPosition === 'AT_TIMESTAMP' &&
    !(options.startingPositionTimestamp instanceof Date && !Number.isNaN(options.startingPositionTimestamp.getTime()))
  ) {
    fail('starting position AT_TIMESTAMP needs a valid timestamp');
  }
}

/** The options with their defaults applied, in the units the runner works in. */
export interface MappingSettings {
  batchSize: number;
  windowMs: number;
  timeoutMs: number;
  pollIntervalMs: number;
  retryDelayMs: number;
  reportBatchItemFailures: boolean;
  /** -1: retry until the records expire. */
  maxRetries: number;
  /** Negative: never discard by age. */
  maxAgeMs: number;
  bisectOnFunctionError: boolean;
  /** 0: no tumbling window. */
  tumblingWindowMs: number;
  /** Lanes per shard: batches of one shard in flight at once. */
  parallelizationFactor: number;
  /** 0: no progress events. */
  progressIntervalMs: number;
  shardDiscoveryIntervalMs: number;
  functionName: string;
}

/**
 * Applies Lambda's defaults (and the local runner's) to validated options.
 *
 * @example
 * resolveMappingSettings({ client, streamName, handler }).timeoutMs; // 3000
 */
export function resolveMappingSettings(options: EventSourceMappingOptions): MappingSettings {
  return {
    batchSize: options.batchSize ?? 100,
    windowMs: (options.batchingWindowSeconds ?? 0) * 1000,
    timeoutMs: (options.timeoutSeconds ?? 3) * 1000,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    retryDelayMs: options.retryDelayMs ?? 0,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    maxRetries: options.maximumRetryAttempts ?? -1,
    maxAgeMs: (options.maximumRecordAgeSeconds ?? -1) * 1000,
    bisectOnFunctionError: options.bisectBatchOnFunctionError ?? false,
    tumblingWindowMs: (options.tumblingWindowInSeconds ?? 0) * 1000,
    parallelizationFactor: options.parallelizationFactor ?? 1,
    progressIntervalMs: options.progressIntervalMs ?? 1_000,
    shardDiscoveryIntervalMs: options.shardDiscoveryIntervalMs ?? 10_000,
    functionName: options.functionName ?? 'shardline-local',
  };
}
