import { randomUUID } from 'node:crypto';
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, type Shard, type ShardIteratorType } from '@aws-sdk/client-kinesis';
import { countReportedFailures, interpretBatchResponse } from './batch-response.js';
import { bisectBatch } from './bisect.js';
import { buildKinesisEvent, createLambdaContext, functionArn, parseStreamArn, type EventSource, type LocalFunctionConfig, type ShardRecord } from './lambda-event.js';
import { buildOnFailureRecord, createOnFailureFile, DiscardCondition, type OnFailureRecord } from './on-failure.js';
import { EventSourceMappingConfigError } from './errors.js';
import { StartingPosition } from './starting-position.js';
import { describeStream, explainKinesisError, listShards } from './stream-admin.js';
import type { KinesisLambdaHandler } from './types.js';

export { EventSourceMappingConfigError, StartingPosition };


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
 * Per-shard state in progress events and in the summary.
 *
 * @example
 * summary.shards.map((shard: ShardProgress) => `${shard.shardId}: ${shard.checkpoint}`);
 */
export interface ShardProgress {
  shardId: string;
  /** MillisBehindLatest of the last read: how far the reader is behind the tip. */
  millisBehindLatest: number;
  /**
   * Age of the oldest record read but not yet checkpointed (or MillisBehindLatest when larger):
   * what Lambda's IteratorAge metric shows, how far processing is behind the stream.
   */
  iteratorAgeMs: number;
  /** Records read and not yet checkpointed or discarded. */
  pendingRecords: number;
  /** Last checkpointed (processed or discarded) sequence number. */
  checkpoint?: string;
  recordsProcessed: number;
  recordsDiscarded: number;
  invocations: number;
  state: 'waiting-for-parent' | 'polling' | 'invoking' | 'caught-up' | 'closed';
}

/**
 * Counters of a run.
 *
 * @example
 * const { retries, recordsDiscarded }: RunCounters = summary;
 */
export interface RunCounters {
  elapsedMs: number;
  invocations: number;
  /** Records passed to the handler, counting every delivery. */
  recordsDelivered: number;
  /** Records checkpointed after a successful delivery. */
  recordsProcessed: number;
  /** Deliveries beyond the first: records that Lambda's semantics send again. */
  recordsRedelivered: number;
  /** Invocations whose records were all checkpointed. */
  batchesSucceeded: number;
  /** Invocations with a valid partial batch response. */
  partialFailures: number;
  /** Invocations that threw or rejected. */
  functionErrors: number;
  timeouts: number;
  invalidResponses: number;
  /** Re-invocations of the same records after a failure. */
  retries: number;
  bisections: number;
  /** Records sent to the on-failure destination. */
  recordsDiscarded: number;
  onFailureRecords: number;
  /** Failures a handler reported while ReportBatchItemFailures was off: checkpointed as processed. */
  ignoredItemFailures: number;
}

/**
 * A progress snapshot; `recordsPerSecond` is over the last progress interval.
 *
 * @example
 * onEvent: (e) => e.type === 'progress' && console.log(`${e.progress.recordsPerSecond} rec/s`)
 */
export interface RunProgress extends RunCounters {
  recordsPerSecond: number;
  shards: ShardProgress[];
}

/**
 * The result of a run.
 *
 * @example
 * const summary: RunSummary = await mapping.stop();
 * console.log(`${summary.recordsProcessed} processed, ${summary.recordsDiscarded} discarded`);
 */
export interface RunSummary extends RunCounters {
  streamName: string;
  streamArn: string;
  stoppedBy: 'drained' | 'stopped';
  shards: ShardProgress[];
}

/**
 * Everything a mapping reports while it runs.
 *
 * @example
 * onEvent: (event: EventSourceMappingEvent) => {
 *   if (event.type === 'discarded') console.warn(event.onFailure.KinesisBatchInfo);
 * }
 */
export type EventSourceMappingEvent =
  | { type: 'started'; streamName: string; streamArn: string; shardIds: string[] }
  | { type: 'invoke'; shardId: string; requestId: string; batchSize: number; attempt: number; firstSequenceNumber: string; lastSequenceNumber: string }
  | { type: 'batch-succeeded'; shardId: string; requestId: string; batchSize: number; durationMs: number; checkpoint: string }
  | {
      type: 'batch-failed';
      shardId: string;
      requestId: string;
      batchSize: number;
      durationMs: number;
      reason: 'partial' | 'function-error' | 'timeout' | 'invalid-response';
      /** Records checkpointed before the failure (partial responses only). */
      checkpointed: number;
      /** The lowest reported sequence number (partial responses only). */
      failedSequenceNumber?: string;
      error?: Error;
      message: string;
    }
  | { type: 'retry'; shardId: string; records: number; attempt: number }
  | { type: 'bisect'; shardId: string; sizes: [number, number] }
  | { type: 'discarded'; shardId: string; condition: DiscardCondition; records: number; onFailure: OnFailureRecord }
  | { type: 'warning'; shardId?: string; message: string }
  | { type: 'shard-closed'; shardId: string }
  | { type: 'progress'; progress: RunProgress }
  | { type: 'drained' }
  | { type: 'stopped'; summary: RunSummary };

/**
 * A running event source mapping.
 *
 * @example
 * const mapping: EventSourceMapping = startEventSourceMapping({ client, streamName: 'orders', handler });
 * await putRecords(client, 'orders', records);
 * const summary = await mapping.stopWhenDrained();
 */
export interface EventSourceMapping {
  /** Resolves with the summary once the mapping has stopped; rejects if it cannot run. */
  readonly done: Promise<RunSummary>;
  /** Stops polling, lets batches in flight finish, and resolves with the summary. */
  stop(): Promise<RunSummary>;
  /** From now on, stop as soon as every shard is caught up. Resolves with the summary. */
  stopWhenDrained(): Promise<RunSummary>;
  /** Counters and per-shard state right now. */
  progress(): RunProgress;
}


interface Segment {
  records: ShardRecord[];
  /** Failed invocations of the segment's head record so far; the retry quota counts these. */
  failedInvocations: number;
  lastFunctionError: boolean;
  lastRequestId?: string;
}

interface ShardState {
  shardId: string;
  parentIds: string[];
  iterator?: string;
  /** Read but not yet handed to an invocation. */
  buffer: ShardRecord[];
  inFlight: number;
  ended: boolean;
  millisBehindLatest: number;
  caughtUp: boolean;
  /** Id of the read that found the shard caught up; drain only trusts reads started after it was asked for. */
  caughtUpRead: number;
  /** Arrival time of the oldest record handed to an invocation and not yet checkpointed. */
  oldestInFlight?: Date;
  checkpoint?: string;
  lastReadSequenceNumber?: string;
  recordsProcessed: number;
  recordsDiscarded: number;
  invocations: number;
  state: ShardProgress['state'];
  startAt: 'configured' | 'TRIM_HORIZON';
}

const MAX_GET_RECORDS = 10_000;
/** Lambda's synchronous invocation payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Bytes an event record takes besides its base64 data and partition key. */
const RECORD_OVERHEAD_BYTES = 420;
const MAX_CONSECUTIVE_READ_ERRORS = 8;

/**
 * Starts an emulation of Lambda's Kinesis event source mapping: it polls every shard of a stream,
 * invokes `handler` with real Kinesis events, one batch in flight per shard and records in shard
 * order, and applies the result as Lambda does (partial batch responses, retries, bisection,
 * maximum record age, on-failure records).
 *
 * The handler runs in this process. A timed-out invocation is reported as failed and retried, but its
 * promise cannot be frozen the way Lambda freezes a sandbox: its side effects may still happen.
 *
 * @example
 * const mapping = startEventSourceMapping({
 *   client: createKinesisClient({ endpoint: local.endpoint }),
 *   streamName: 'orders',
 *   handler,
 *   batchSize: 100,
 *   maximumRetryAttempts: 2,
 *   onFailureFile: '.shardline/failures.jsonl',
 *   onEvent: (event) => { if (event.type === 'progress') console.log(event.progress.recordsPerSecond); },
 * });
 * process.once('SIGINT', () => void mapping.stop());
 * const summary = await mapping.done;
 */
export function startEventSourceMapping(options: EventSourceMappingOptions): EventSourceMapping {
  return new Runner(options);
}

/**
 * Runs an event source mapping until it is stopped (by `signal`) or, with `untilDrained`, until every
 * shard is caught up.
 *
 * @example
 * const summary = await runEventSourceMapping({ client, streamName: 'orders', handler, untilDrained: true });
 */
export function runEventSourceMapping(options: EventSourceMappingOptions): Promise<RunSummary> {
  return startEventSourceMapping(options).done;
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
    'batchSize' | 'batchingWindowSeconds' | 'startingPosition' | 'startingPositionTimestamp' | 'timeoutSeconds' | 'maximumRetryAttempts' | 'maximumRecordAgeSeconds'
  >,
): void {
  const fail = (message: string): never => {
    throw new EventSourceMappingConfigError(message);
  };
  const { batchSize, batchingWindowSeconds, timeoutSeconds, maximumRetryAttempts, maximumRecordAgeSeconds } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) fail(`batch size must be an integer from 1 to 10000, got ${batchSize}`);
  if (batchingWindowSeconds !== undefined && !(batchingWindowSeconds >= 0 && batchingWindowSeconds <= 300)) fail(`batching window must be from 0 to 300 seconds, got ${batchingWindowSeconds}`);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 900)) fail(`timeout must be more than 0 and at most 900 seconds, got ${timeoutSeconds}`);
  if (maximumRetryAttempts !== undefined && !(Number.isInteger(maximumRetryAttempts) && maximumRetryAttempts >= -1 && maximumRetryAttempts <= 10_000)) {
    fail(`maximum retry attempts must be an integer from -1 to 10000, got ${maximumRetryAttempts}`);
  }
  if (maximumRecordAgeSeconds !== undefined && !(maximumRecordAgeSeconds === -1 || (maximumRecordAgeSeconds > 0 && maximumRecordAgeSeconds <= 604_800))) {
    fail(`maximum record age must be -1 or more than 0 and at most 604800 seconds, got ${maximumRecordAgeSeconds}`);
  }
  if (options.startingPosition !== undefined && !Object.values(StartingPosition).includes(options.startingPosition)) {
    fail(`starting position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, got ${options.startingPosition}`);
  }
  if (options.startingPosition === 'AT_TIMESTAMP' && !(options.startingPositionTimestamp instanceof Date && !Number.isNaN(options.startingPositionTimestamp.getTime()))) {
    fail('starting position AT_TIMESTAMP needs a valid timestamp');
  }
}

class Runner implements EventSourceMapping {
  readonly done: Promise<RunSummary>;
  private readonly batchSize: number;
  private readonly windowMs: number;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly reportBatchItemFailures: boolean;
  private readonly maxRetries: number;
  private readonly maxAgeMs: number;
  private readonly writeOnFailure?: (record: OnFailureRecord) => Promise<void>;
  private readonly shards = new Map<string, ShardState>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly counters: RunCounters = {
    elapsedMs: 0,
    invocations: 0,
    recordsDelivered: 0,
    recordsProcessed: 0,
    recordsRedelivered: 0,
    batchesSucceeded: 0,
    partialFailures: 0,
    functionErrors: 0,
    timeouts: 0,
    invalidResponses: 0,
    retries: 0,
    bisections: 0,
    recordsDiscarded: 0,
    onFailureRecords: 0,
    ignoredItemFailures: 0,
  };
  private readonly startedAt = Date.now();
  private stopping = false;
  private drainRequested: boolean;
  private readCounter = 0;
  private drainFromRead = 0;
  private stoppedBy: RunSummary['stoppedBy'] = 'stopped';
  private readonly wakeups = new Set<() => void>();
  private fatal?: unknown;
  private streamArn = '';
  private fn!: LocalFunctionConfig;
  private source!: Omit<EventSource, 'shardId'>;
  private lastProgress = { at: Date.now(), processed: 0 };

  constructor(private readonly options: EventSourceMappingOptions) {
    validateMappingOptions(options);
    this.batchSize = options.batchSize ?? 100;
    this.windowMs = (options.batchingWindowSeconds ?? 0) * 1000;
    this.timeoutMs = (options.timeoutSeconds ?? 3) * 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.retryDelayMs = options.retryDelayMs ?? 0;
    this.reportBatchItemFailures = options.reportBatchItemFailures ?? true;
    this.maxRetries = options.maximumRetryAttempts ?? -1;
    this.maxAgeMs = (options.maximumRecordAgeSeconds ?? -1) * 1000;
    this.drainRequested = options.untilDrained ?? false;
    if (options.onFailureFile !== undefined) this.writeOnFailure = createOnFailureFile(options.onFailureFile);
    if (options.signal?.aborted) this.stopping = true;
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.done = this.run();
    // Callers that only use stop() must not see an unhandled rejection.
    this.done.catch(() => undefined);
  }

  stop(): Promise<RunSummary> {
    this.stopping = true;
    this.wakeAll();
    return this.done;
  }

  stopWhenDrained(): Promise<RunSummary> {
    // Records put just before this call may not have been read yet: only later reads can prove a shard empty.
    if (!this.drainRequested) this.drainFromRead = this.readCounter;
    this.drainRequested = true;
    this.checkDrained();
    return this.done;
  }

  progress(): RunProgress {
    const now = Date.now();
    const seconds = (now - this.lastProgress.at) / 1000;
    return {
      ...this.counters,
      elapsedMs: now - this.startedAt,
      recordsPerSecond: seconds > 0 ? Math.round((this.counters.recordsProcessed - this.lastProgress.processed) / seconds) : 0,
      shards: this.shardProgress(),
    };
  }

  private async run(): Promise<RunSummary> {
    const { client, streamName } = this.options;
    const info = await describeStream(client, streamName, this.options.endpoint);
    this.streamArn = info.streamArn;
    const arn = parseStreamArn(info.streamArn);
    const region = arn?.region ?? (await client.config.region());
    const accountId = arn?.accountId ?? '000000000000';
    this.fn = { functionName: this.options.functionName ?? 'shardline-local', region, accountId };
    this.source = { streamArn: info.streamArn, region, invokeIdentityArn: `arn:aws:iam::${accountId}:role/shardline-local` };

    await this.discoverShards(true);
    this.emit({ type: 'started', streamName, streamArn: info.streamArn, shardIds: [...this.shards.keys()] });

    const progressTimer =
      (this.options.progressIntervalMs ?? 1_000) > 0
        ? setInterval(() => {
            const progress = this.progress();
            this.lastProgress = { at: Date.now(), processed: this.counters.recordsProcessed };
            this.emit({ type: 'progress', progress });
          }, this.options.progressIntervalMs ?? 1_000)
        : undefined;
    const discoveryTimer = setInterval(() => {
      this.discoverShards(false).catch((error) => this.emit({ type: 'warning', message: `listing shards failed: ${(error as Error).message}` }));
    }, this.options.shardDiscoveryIntervalMs ?? 10_000);
    try {
      this.checkDrained();
      // Workers can be added by discovery while we wait, so wait until none is left running.
      while (this.workers.size > 0 && !this.stopping) {
        await Promise.race([...this.workers.values(), this.sleep(1_000)]);
      }
      this.stopping = true;
      this.wakeAll();
      await Promise.all(this.workers.values());
    } finally {
      clearInterval(progressTimer);
      clearInterval(discoveryTimer);
    }
    if (this.fatal !== undefined) throw this.fatal;
    const summary: RunSummary = {
      ...this.counters,
      elapsedMs: Date.now() - this.startedAt,
      streamName,
      streamArn: this.streamArn,
      stoppedBy: this.stoppedBy,
      shards: this.shardProgress(),
    };
    this.emit({ type: 'stopped', summary });
    return summary;
  }

  private async discoverShards(initial: boolean): Promise<void> {
    if (this.stopping) return;
    const shards: Shard[] = await listShards(this.options.client, this.options.streamName, this.options.endpoint);
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (this.shards.has(shardId)) continue;
      const state: ShardState = {
        shardId,
        parentIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => id !== undefined),
        buffer: [],
        inFlight: 0,
        ended: false,
        millisBehindLatest: 0,
        caughtUp: false,
        caughtUpRead: 0,
        recordsProcessed: 0,
        recordsDiscarded: 0,
        invocations: 0,
        state: 'polling',
        // Lambda reads shards that appear later (children of a reshard) from their start.
        startAt: initial ? 'configured' : 'TRIM_HORIZON',
      };
      this.shards.set(shardId, state);
      const worker = this.runShard(state)
        .catch((error) => {
          this.fatal ??= error;
          this.stopping = true;
          this.wakeAll();
        })
        .finally(() => this.workers.delete(shardId));
      this.workers.set(shardId, worker);
    }
  }

  private async runShard(shard: ShardState): Promise<void> {
    while (shard.parentIds.some((id) => this.shards.has(id) && this.shards.get(id)!.state !== 'closed')) {
      shard.state = 'waiting-for-parent';
      if (this.stopping) return;
      await this.sleep(this.pollIntervalMs);
    }
    shard.state = 'polling';
    try {
      shard.iterator = await this.getIterator(shard);
    } catch (error) {
      if (this.stopping) return;
      throw error;
    }
    while (!this.stopping) {
      const batch = await this.gatherBatch(shard);
      if (batch.length === 0) {
        if (shard.ended && shard.buffer.length === 0) break;
        continue;
      }
      shard.state = 'invoking';
      shard.inFlight = batch.length;
      shard.oldestInFlight = batch[0].approximateArrivalTimestamp;
      await this.processBatch(shard, batch);
      shard.inFlight = 0;
      shard.oldestInFlight = undefined;
      shard.state = 'polling';
    }
    if (shard.ended && shard.buffer.length === 0 && shard.inFlight === 0) {
      shard.state = 'closed';
      shard.caughtUp = true;
      this.emit({ type: 'shard-closed', shardId: shard.shardId });
      this.checkDrained();
    }
  }

  private async getIterator(shard: ShardState): Promise<string | undefined> {
    const position = shard.startAt === 'configured' ? (this.options.startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON';
    const input =
      shard.lastReadSequenceNumber !== undefined
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as ShardIteratorType, StartingSequenceNumber: shard.lastReadSequenceNumber }
        : position === 'AT_TIMESTAMP'
          ? { ShardIteratorType: 'AT_TIMESTAMP' as ShardIteratorType, Timestamp: this.options.startingPositionTimestamp }
          : { ShardIteratorType: position as ShardIteratorType };
    try {
      const { ShardIterator } = await this.options.client.send(
        new GetShardIteratorCommand({ StreamName: this.options.streamName, ShardId: shard.shardId, ...input }),
      );
      return ShardIterator;
    } catch (error) {
      throw explainKinesisError(error, this.options.streamName, this.options.endpoint);
    }
  }

  /** Reads until a batch is ready: full, or the batching window is over, or nothing more is coming. */
  private async gatherBatch(shard: ShardState): Promise<ShardRecord[]> {
    let windowEnd = shard.buffer.length > 0 ? Date.now() + this.windowMs : undefined;
    let readErrors = 0;
    for (;;) {
      if (this.stopping) return [];
      if (shard.buffer.length >= this.batchSize) break;
      const windowOver = windowEnd !== undefined && Date.now() >= windowEnd;
      if (shard.buffer.length > 0 && (windowOver || shard.ended)) break;
      if (shard.ended) return [];
      let records: ShardRecord[];
      const readId = ++this.readCounter;
      try {
        records = await this.read(shard);
        readErrors = 0;
      } catch (error) {
        if (this.stopping) return [];
        readErrors++;
        if (readErrors >= MAX_CONSECUTIVE_READ_ERRORS || !isRetryableReadError(error)) {
          throw explainKinesisError(error, this.options.streamName, this.options.endpoint);
        }
        this.emit({ type: 'warning', shardId: shard.shardId, message: `GetRecords failed (${(error as Error).name}), retrying` });
        if ((error as Error).name === 'ExpiredIteratorException') shard.iterator = await this.getIterator(shard);
        await this.sleep(Math.min(5_000, 100 * 2 ** readErrors));
        continue;
      }
      if (records.length > 0) {
        shard.caughtUp = false;
        shard.buffer.push(...records);
        windowEnd ??= Date.now() + this.windowMs;
        continue;
      }
      if (shard.buffer.length === 0 && shard.millisBehindLatest === 0) {
        shard.caughtUp = true;
        shard.caughtUpRead = readId;
        this.checkDrained();
        if (this.stopping) return [];
      }
      if (shard.ended) continue;
      const wait = windowEnd === undefined ? this.pollIntervalMs : Math.min(this.pollIntervalMs, Math.max(0, windowEnd - Date.now()));
      await this.sleep(wait);
    }
    return this.takeBatch(shard);
  }

  private async read(shard: ShardState): Promise<ShardRecord[]> {
    if (shard.iterator === undefined) {
      shard.ended = true;
      return [];
    }
    const response = await this.options.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: MAX_GET_RECORDS }));
    shard.iterator = response.NextShardIterator ?? undefined;
    if (shard.iterator === undefined) shard.ended = true;
    shard.millisBehindLatest = response.MillisBehindLatest ?? 0;
    const records = (response.Records ?? []).map((record) => ({
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      data: record.Data ?? new Uint8Array(),
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp ?? new Date(),
    }));
    if (records.length > 0) shard.lastReadSequenceNumber = records[records.length - 1].sequenceNumber;
    return records;
  }

  private takeBatch(shard: ShardState): ShardRecord[] {
    let count = 0;
    let bytes = 0;
    while (count < shard.buffer.length && count < this.batchSize) {
      const record = shard.buffer[count];
      const size = Math.ceil(record.data.byteLength / 3) * 4 + record.partitionKey.length + RECORD_OVERHEAD_BYTES;
      if (count > 0 && bytes + size > MAX_PAYLOAD_BYTES) break;
      bytes += size;
      count++;
    }
    return shard.buffer.splice(0, count);
  }

  /** Delivers one batch until every record of it is checkpointed or discarded (or the run stops). */
  private async processBatch(shard: ShardState, batch: ShardRecord[]): Promise<void> {
    const queue: Segment[] = [{ records: batch, failedInvocations: 0, lastFunctionError: false }];
    let delivered = 0;
    while (queue.length > 0) {
      const segment = queue[0];
      shard.oldestInFlight = segment.records[0]?.approximateArrivalTimestamp;
      if (this.maxAgeMs >= 0) {
        const oldest = Date.now() - this.maxAgeMs;
        const expired = segment.records.findIndex((record) => record.approximateArrivalTimestamp.getTime() >= oldest);
        const count = expired === -1 ? segment.records.length : expired;
        if (count > 0) {
          await this.discard(shard, segment, segment.records.slice(0, count), DiscardCondition.RecordAgeExceeded);
          segment.records = segment.records.slice(count);
          if (segment.records.length === 0) {
            queue.shift();
            continue;
          }
        }
      }
      // A stop between retries leaves the rest unprocessed; like a disabled mapping, nothing is checkpointed.
      if (this.stopping && delivered > 0) return;

      const result = await this.invoke(shard, segment, delivered);
      delivered += segment.records.length;
      if (result.kind === 'success') {
        this.commit(shard, segment.records);
        this.counters.batchesSucceeded++;
        queue.shift();
        continue;
      }
      if (result.kind === 'partial') {
        this.counters.partialFailures++;
        this.commit(shard, segment.records.slice(0, result.failedIndex));
        // Progress was made: the quota now counts failures of the new head record only.
        segment.failedInvocations = result.failedIndex > 0 ? 1 : segment.failedInvocations + 1;
        segment.records = segment.records.slice(result.failedIndex);
        segment.lastFunctionError = false;
      } else {
        segment.failedInvocations++;
        segment.lastFunctionError = true;
        if (this.options.bisectBatchOnFunctionError && segment.records.length > 1) {
          // Splitting does not count towards the retry quota.
          const [first, second] = bisectBatch(segment.records);
          this.counters.bisections++;
          this.emit({ type: 'bisect', shardId: shard.shardId, sizes: [first.length, second.length] });
          queue.splice(0, 1, { records: first, failedInvocations: 0, lastFunctionError: false }, { records: second, failedInvocations: 0, lastFunctionError: false });
          continue;
        }
      }
      if (this.maxRetries >= 0 && segment.failedInvocations > this.maxRetries) {
        await this.discard(shard, segment, segment.records, DiscardCondition.RetryAttemptsExhausted);
        queue.shift();
        continue;
      }
      if (this.stopping) return;
      this.counters.retries++;
      await this.sleep(this.retryDelayMs);
      this.emit({ type: 'retry', shardId: shard.shardId, records: segment.records.length, attempt: segment.failedInvocations + 1 });
    }
  }

  private async invoke(
    shard: ShardState,
    segment: Segment,
    previouslyDelivered: number,
  ): Promise<{ kind: 'success' } | { kind: 'partial'; failedIndex: number } | { kind: 'failed' }> {
    const requestId = randomUUID();
    segment.lastRequestId = requestId;
    const records = segment.records;
    const sequenceNumbers = records.map((record) => record.sequenceNumber);
    const event = buildKinesisEvent(records, { ...this.source, shardId: shard.shardId });
    // A handler that only awaits microtasks, retried forever, would otherwise starve timers and signals (Ctrl-C included).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = Date.now();
    const deadline = started + this.timeoutMs;
    const { context, legacyResult } = createLambdaContext(this.fn, deadline, requestId);

    this.counters.invocations++;
    shard.invocations++;
    this.counters.recordsDelivered += records.length;
    if (previouslyDelivered > 0 || segment.failedInvocations > 0) this.counters.recordsRedelivered += records.length;
    this.emit({
      type: 'invoke',
      shardId: shard.shardId,
      requestId,
      batchSize: records.length,
      attempt: segment.failedInvocations + 1,
      firstSequenceNumber: sequenceNumbers[0],
      lastSequenceNumber: sequenceNumbers[sequenceNumbers.length - 1],
    });

    const outcome = await callWithDeadline(this.options.handler, event, context, legacyResult, deadline);
    const base = { shardId: shard.shardId, requestId, batchSize: records.length, durationMs: Date.now() - started };
    if (outcome.kind === 'threw') {
      this.counters.functionErrors++;
      const error = toError(outcome.error);
      this.emit({ ...base, type: 'batch-failed', reason: 'function-error', checkpointed: 0, error, message: `${error.name}: ${error.message}` });
      return { kind: 'failed' };
    }
    if (outcome.kind === 'timeout') {
      this.counters.timeouts++;
      this.emit({ ...base, type: 'batch-failed', reason: 'timeout', checkpointed: 0, message: `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds` });
      return { kind: 'failed' };
    }
    if (!this.reportBatchItemFailures) {
      const ignored = countReportedFailures(outcome.value);
      if (ignored > 0) {
        this.counters.ignoredItemFailures += ignored;
        this.emit({
          type: 'warning',
          shardId: shard.shardId,
          message: `the handler reported ${ignored} failed record(s), but ReportBatchItemFailures is off: Lambda ignores the response and checkpoints them as processed`,
        });
      }
      this.emit({ ...base, type: 'batch-succeeded', checkpoint: sequenceNumbers[sequenceNumbers.length - 1] });
      return { kind: 'success' };
    }
    const response = interpretBatchResponse(outcome.value, sequenceNumbers);
    if (response.kind === 'invalid-response') {
      this.counters.invalidResponses++;
      this.emit({ ...base, type: 'batch-failed', reason: 'invalid-response', checkpointed: 0, message: `invalid batch response: ${response.reason}` });
      return { kind: 'failed' };
    }
    if (response.kind === 'partial') {
      this.emit({
        ...base,
        type: 'batch-failed',
        reason: 'partial',
        checkpointed: response.failedIndex,
        failedSequenceNumber: response.sequenceNumber,
        message: `${response.reportedCount} record(s) reported failed; checkpoint before ${response.sequenceNumber}, ${records.length - response.failedIndex} record(s) to redeliver`,
      });
      return { kind: 'partial', failedIndex: response.failedIndex };
    }
    this.emit({ ...base, type: 'batch-succeeded', checkpoint: sequenceNumbers[sequenceNumbers.length - 1] });
    return { kind: 'success' };
  }

  private commit(shard: ShardState, records: ReadonlyArray<ShardRecord>): void {
    if (records.length === 0) return;
    shard.checkpoint = records[records.length - 1].sequenceNumber;
    shard.recordsProcessed += records.length;
    this.counters.recordsProcessed += records.length;
    shard.inFlight = Math.max(0, shard.inFlight - records.length);
  }

  private async discard(shard: ShardState, segment: Segment, records: ShardRecord[], condition: DiscardCondition): Promise<void> {
    const onFailure = buildOnFailureRecord({
      requestId: segment.lastRequestId ?? randomUUID(),
      functionArn: functionArn(this.fn),
      condition,
      approximateInvokeCount: segment.failedInvocations,
      lastFunctionError: segment.lastFunctionError ? 'Unhandled' : undefined,
      shardId: shard.shardId,
      streamArn: this.streamArn,
      records,
    });
    shard.checkpoint = records[records.length - 1].sequenceNumber;
    shard.recordsDiscarded += records.length;
    shard.inFlight = Math.max(0, shard.inFlight - records.length);
    this.counters.recordsDiscarded += records.length;
    this.counters.onFailureRecords++;
    this.emit({ type: 'discarded', shardId: shard.shardId, condition, records: records.length, onFailure });
    await this.writeOnFailure?.(onFailure);
    await this.options.onFailure?.(onFailure);
  }

  private checkDrained(): void {
    if (!this.drainRequested || this.stopping || this.shards.size === 0) return;
    for (const shard of this.shards.values()) {
      if (shard.state === 'closed') continue;
      const idle = shard.caughtUp && shard.caughtUpRead > this.drainFromRead && shard.buffer.length === 0 && shard.inFlight === 0 && shard.state !== 'invoking';
      if (!idle) return;
    }
    this.stoppedBy = 'drained';
    this.emit({ type: 'drained' });
    this.stopping = true;
    this.wakeAll();
  }

  private shardProgress(): ShardProgress[] {
    const now = Date.now();
    return [...this.shards.values()].map((shard) => ({
      shardId: shard.shardId,
      millisBehindLatest: shard.millisBehindLatest,
      iteratorAgeMs: Math.max(shard.millisBehindLatest, ageOf(shard.oldestInFlight ?? shard.buffer[0]?.approximateArrivalTimestamp, now)),
      pendingRecords: shard.buffer.length + shard.inFlight,
      checkpoint: shard.checkpoint,
      recordsProcessed: shard.recordsProcessed,
      recordsDiscarded: shard.recordsDiscarded,
      invocations: shard.invocations,
      state: shard.caughtUp && shard.state === 'polling' ? 'caught-up' : shard.state,
    }));
  }

  private emit(event: EventSourceMappingEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      // A broken listener must not break the mapping, but must not go unnoticed either.
      process.emitWarning(`shardline: an onEvent listener threw: ${(error as Error).message}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeups.add(wake);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakeups]) wake();
  }
}

type CallOutcome = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown } | { kind: 'timeout' };

async function callWithDeadline(
  handler: KinesisLambdaHandler,
  event: ReturnType<typeof buildKinesisEvent>,
  context: ReturnType<typeof createLambdaContext>['context'],
  legacyResult: Promise<unknown>,
  deadline: number,
): Promise<CallOutcome> {
  let timer: NodeJS.Timeout | undefined;
  // The same deadline as the context's: a handler that sees no time left must not be able to answer in time.
  const timeout = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, deadline - Date.now()));
  });
  let settleCallback: (outcome: CallOutcome) => void = () => undefined;
  const viaCallback = new Promise<CallOutcome>((resolve) => (settleCallback = resolve));
  const callback = (error?: unknown, result?: unknown) => settleCallback(error ? { kind: 'threw', error } : { kind: 'returned', value: result });
  const call = (async (): Promise<CallOutcome> => {
    try {
      const returned = handler(event, context, callback);
      // As in the Node.js runtime: a promise answers; otherwise a handler that takes a callback answers through it.
      if (isThenable(returned)) return { kind: 'returned', value: await returned };
      if (handler.length >= 3) return await viaCallback;
      return { kind: 'returned', value: returned };
    } catch (error) {
      return { kind: 'threw', error };
    }
  })();
  const legacy = legacyResult.then(
    (value): CallOutcome => ({ kind: 'returned', value }),
    (error): CallOutcome => ({ kind: 'threw', error }),
  );
  try {
    const outcome = await Promise.race([call, legacy, viaCallback, timeout]);
    // A late answer can win the race when the event loop was busy; Lambda would have killed the sandbox.
    return outcome.kind !== 'timeout' && Date.now() > deadline ? { kind: 'timeout' } : outcome;
  } finally {
    clearTimeout(timer);
  }
}

function ageOf(arrival: Date | undefined, now: number): number {
  return arrival === undefined ? 0 : Math.max(0, now - arrival.getTime());
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

function isRetryableReadError(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'ResourceNotFoundException' || name === 'InvalidArgumentException' || name === 'AccessDeniedException') return false;
  return true;
}
