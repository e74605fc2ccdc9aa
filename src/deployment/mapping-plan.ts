/**
 * The Kinesis event source mapping and function timeout a shardline handler needs, checked against
 * the handler's own options. One place decides, for `@shardline/cdk` (which turns the plan into
 * constructs) and `shardline template` (which prints it as SAM or CloudFormation): a deployment
 * that would lose records or retry them needlessly is refused with the reason, one that is merely
 * doubtful gets a warning.
 */
import { deriveEventFilters, type FilterPattern, type RouteFilterOptions } from './event-filters.js';
import { isWindowMethod, type HandlerFacts } from './handler-facts.js';

/** Where a new mapping starts reading a shard. */
export const StartingPosition = { trimHorizon: 'TRIM_HORIZON', latest: 'LATEST', atTimestamp: 'AT_TIMESTAMP' } as const;
export type StartingPosition = (typeof StartingPosition)[keyof typeof StartingPosition];

/**
 * The deployment's choices, all optional; times in seconds. Unset values get shardline's defaults
 * (see {@link MappingPlan}).
 *
 * @example
 * const settings: MappingSettings = { batchSize: 500, timeoutSeconds: 60, onFailureDestination: true, filters: 'routes' };
 */
export interface MappingSettings {
  /** Function timeout. Default 60, or more when the deadline margin needs it. */
  readonly timeoutSeconds?: number;
  /** Records a batch, 1 to 10,000. Default 100. */
  readonly batchSize?: number;
  /** Time Lambda gathers records before invoking, 0 to 300. Default 0. */
  readonly maxBatchingWindowSeconds?: number;
  /** Default `TRIM_HORIZON`: nothing already in the stream is skipped. */
  readonly startingPosition?: StartingPosition;
  /** Unix seconds, with `AT_TIMESTAMP`. */
  readonly startingPositionTimestamp?: number;
  /** Retries of a failing batch, -1 (until the records expire) to 10,000. Default: Lambda's, -1. */
  readonly retryAttempts?: number;
  /** Age after which records are no longer retried, -1 (never) or 60 to 604,800. Default: Lambda's, -1. */
  readonly maxRecordAgeSeconds?: number;
  /** Split a batch after a function error. Default: the handler's `throwOnFullBatchFailure`. */
  readonly bisectBatchOnError?: boolean;
  /** Batches of one shard processed at once, 1 to 10. Default 1. */
  readonly parallelizationFactor?: number;
  /**
   * Tumbling window, 0 (none, the default) to 900. A handler with window methods needs one; a handler
   * without them is refused one.
   */
  readonly tumblingWindowSeconds?: number;
  /** Whether an on-failure destination receives what Lambda gives up on. */
  readonly onFailureDestination?: boolean;
  /** `'routes'`: event filters derived from the route table (see {@link deriveEventFilters}). */
  readonly filters?: 'routes' | ({ readonly from: 'routes' } & RouteFilterOptions);
}

/**
 * A problem found in a deployment: `code` names the check, `message` says why it matters and how
 * to fix it.
 *
 * @example
 * for (const finding of plan.errors) console.error(`${finding.code}: ${finding.message}`);
 */
export interface Finding {
  readonly code: string;
  readonly message: string;
}

/**
 * The mapping and function settings to deploy, and what is wrong with them. `errors` refuse the
 * deployment; `warnings` should be read.
 *
 * @example
 * const plan = planEventSourceMapping(facts, { batchSize: 500 });
 * if (plan.errors.length > 0) throw new Error(plan.errors.map((e) => e.message).join('\n'));
 */
export interface MappingPlan {
  readonly timeoutSeconds: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly startingPosition: StartingPosition;
  readonly startingPositionTimestamp?: number;
  readonly retryAttempts?: number;
  readonly maxRecordAgeSeconds?: number;
  readonly bisectBatchOnError: boolean;
  readonly parallelizationFactor: number;
  /** Absent without a tumbling window (0 asks for none). */
  readonly tumblingWindowSeconds?: number;
  /** Always on: without it Lambda ignores the handler's response and retries whole batches. */
  readonly reportBatchItemFailures: true;
  /** Empty without filters. */
  readonly filters: readonly FilterPattern[];
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
}

/** The time an invocation must have for records, beyond the deadline margin. */
export const MIN_WORKING_TIME_MS = 1_000;
/** The function timeout shardline uses when none is given (unless the margin needs more). */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * The smallest function timeout that keeps a handler's deadline margin whole and leaves time to
 * work: the runtime never uses more than half the invocation's time as margin, so below twice the
 * margin the margin asked for is cut; and below margin + 1 s an invocation does almost nothing.
 *
 * @example
 * minimumTimeoutMs(2_000); // 4_000
 */
export function minimumTimeoutMs(deadlineMarginMs: number): number {
  return Math.max(2 * deadlineMarginMs, deadlineMarginMs + MIN_WORKING_TIME_MS);
}

/**
 * Plans the event source mapping of a handler: the given settings with shardline's defaults,
 * `ReportBatchItemFailures` on, filters derived from routes when asked for, and every check.
 *
 * @example
 * const plan = planEventSourceMapping({ routes: handler.routes, options: handler.options }, { parallelizationFactor: 4 });
 * plan.errors[0]?.code; // 'ordering' when the handler keeps shard order
 */
export function planEventSourceMapping(facts: HandlerFacts, settings: MappingSettings = {}): MappingPlan {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const options = facts.options;
  const error = (code: string, message: string) => errors.push({ code, message });
  const warn = (code: string, message: string) => warnings.push({ code, message });

  const minimumMs = minimumTimeoutMs(options.deadlineMarginMs);
  const timeoutSeconds = settings.timeoutSeconds ?? Math.max(DEFAULT_TIMEOUT_SECONDS, Math.ceil(minimumMs / 1000));
  range(error, 'timeout', timeoutSeconds, 1, 900, 'function timeout (seconds)');
  if (timeoutSeconds * 1000 < minimumMs) {
    error(
      'timeout',
      `a function timeout of ${timeoutSeconds} s is too short for deadlineMarginMs ${options.deadlineMarginMs}: the handler stops starting records ${options.deadlineMarginMs} ms before the timeout, and never uses more than half an invocation as margin, so it needs at least ${Math.ceil(minimumMs / 1000)} s (twice the margin, and a second to work); below that, slow batches time out instead of checkpointing. Raise the timeout, or lower deadlineMarginMs in createHandler`,
    );
  }

  const batchSize = settings.batchSize ?? 100;
  range(error, 'batch-size', batchSize, 1, 10_000, 'batch size');
  const maxBatchingWindowSeconds = settings.maxBatchingWindowSeconds ?? 0;
  range(error, 'batching-window', maxBatchingWindowSeconds, 0, 300, 'batching window (seconds)');
  const startingPosition = settings.startingPosition ?? StartingPosition.trimHorizon;
  if (!Object.values(StartingPosition).includes(startingPosition)) {
    error('starting-position', `starting position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, but is ${JSON.stringify(startingPosition)}`);
  }
  if ((startingPosition === StartingPosition.atTimestamp) !== (settings.startingPositionTimestamp !== undefined)) {
    error('starting-position', 'a starting position timestamp goes with AT_TIMESTAMP, and AT_TIMESTAMP needs one');
  }
  if (settings.retryAttempts !== undefined) range(error, 'retry-attempts', settings.retryAttempts, -1, 10_000, 'retry attempts');
  const age = settings.maxRecordAgeSeconds;
  if (age !== undefined && age !== -1) range(error, 'record-age', age, 60, 604_800, 'maximum record age (seconds; or -1)');

  const bisectBatchOnError = settings.bisectBatchOnError ?? options.throwOnFullBatchFailure;
  if (bisectBatchOnError && !options.throwOnFullBatchFailure) {
    warn(
      'bisect',
      'BisectBatchOnFunctionError splits a batch when the function throws, but a shardline handler reports failed records instead of throwing; set throwOnFullBatchFailure: true in createHandler if batches in which nothing succeeds should be split, or leave bisect off',
    );
  }

  const parallelizationFactor = settings.parallelizationFactor ?? 1;
  range(error, 'parallelization-factor', parallelizationFactor, 1, 10, 'parallelization factor');
  if (parallelizationFactor > 1 && options.ordering === 'shard') {
    error(
      'ordering',
      `a parallelization factor of ${parallelizationFactor} makes Lambda process ${parallelizationFactor} batches of a shard at once, in order only per partition key, but the handler keeps the order of the whole shard (ordering: 'shard', the default). Set ordering: 'partition-key' in createHandler if per-key order is what you need, or use a parallelization factor of 1`,
    );
  }

  const tumblingWindowSeconds = settings.tumblingWindowSeconds ?? 0;
  range(error, 'tumbling-window', tumblingWindowSeconds, 0, 900, 'tumbling window (seconds; 0 for none)');
  checkWindow(facts, tumblingWindowSeconds, parallelizationFactor, error);

  if (settings.onFailureDestination !== true) {
    warn(
      'on-failure',
      'without an on-failure destination, records Lambda stops retrying (retry attempts or record age used up, or expired from the stream) are dropped with no trace; give an SQS queue, SNS topic or S3 bucket',
    );
  }

  let filters: readonly FilterPattern[] = [];
  if (settings.filters !== undefined) {
    const filterOptions = settings.filters === 'routes' ? {} : settings.filters;
    const derived = deriveEventFilters(facts, filterOptions);
    if (derived.ok) filters = derived.patterns;
    else for (const reason of derived.reasons) error('filters', `filters from routes are not exact: ${reason}`);
  }

  return {
    timeoutSeconds,
    batchSize,
    maxBatchingWindowSeconds,
    startingPosition,
    ...(settings.startingPositionTimestamp !== undefined && { startingPositionTimestamp: settings.startingPositionTimestamp }),
    ...(settings.retryAttempts !== undefined && { retryAttempts: settings.retryAttempts }),
    ...(age !== undefined && { maxRecordAgeSeconds: age }),
    bisectBatchOnError,
    parallelizationFactor,
    ...(tumblingWindowSeconds !== 0 && { tumblingWindowSeconds }),
    reportBatchItemFailures: true,
    filters,
    errors,
    warnings,
  };
}

/**
 * A tumbling window and the handler's window methods go together: either without the other
 * aggregates nothing, and the runtime would only warn. The window needs a parallelization factor of
 * 1: Lambda documents one state per shard (at most 1 MB a shard), and shardline folds it in batch
 * order, which concurrent batches of a shard would break. Lambda's guide does not spell the
 * combination out; refusing it keeps the deployment what the local runner (`shardline dev`), which
 * refuses it too, can run.
 */
function checkWindow(facts: HandlerFacts, seconds: number, parallelizationFactor: number, error: (code: string, message: string) => void): void {
  const windowMethods = facts.routes.filter(isWindowMethod);
  const named = windowMethods.map((route) => `${route.handler}.${route.method} (${route.kind === 'window-reduce' ? '@WindowReduce' : '@OnWindowEnd'})`);
  if (seconds > 0 && windowMethods.length === 0) {
    error(
      'tumbling-window',
      `a tumbling window of ${seconds} s makes Lambda keep a state per shard and window, but the handler has no window methods: it hands the state back unchanged, so every window ends as it opened ({}) and nothing is aggregated. Add a @WindowReduce method (it folds what the routes return into the state) and an @OnWindowEnd method (it receives the window's final state), both from shardline/windows, to the class whose routes contribute, or remove the tumbling window`,
    );
  }
  if (seconds === 0 && windowMethods.length > 0) {
    error(
      'tumbling-window',
      `the handler has window methods, ${named.join(' and ')}, but the mapping has no tumbling window: Lambda then sends events without a window, so the routes run but the reducer and the window end never do, and nothing is aggregated. Set a tumbling window of 1 to 900 s (tumblingWindow in KinesisConsumer, --tumbling-window in shardline template), or remove the window methods`,
    );
  }
  if (seconds > 0 && parallelizationFactor > 1) {
    error(
      'tumbling-window',
      `a tumbling window needs a parallelization factor of 1, but it is ${parallelizationFactor}: Lambda keeps one window state per shard, which the handler folds in batch order, and ${parallelizationFactor} batches of a shard at once would each start from that same state, so no state returned would hold all the records of the window. Use a parallelization factor of 1 (more shards give more throughput), or remove the tumbling window`,
    );
  }
}

function range(error: (code: string, message: string) => void, code: string, value: number, min: number, max: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    error(code, `the ${what} must be a whole number from ${min} to ${max}, but is ${JSON.stringify(value)}`);
  }
}
