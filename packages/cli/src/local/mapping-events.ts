/**
 * What a running mapping reports: its events, progress snapshots, the summary, the handle it returns,
 * and the guard that keeps a throwing listener from breaking the run.
 */
import type { DiscardCondition, OnFailureRecord } from './on-failure.js';

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
  /** The tumbling window the shard is aggregating, when the mapping has one and a window is open. */
  window?: { start: string; end: string };
  /** Batches of the shard in flight right now (up to the parallelization factor). */
  batchesInFlight: number;
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
  /** Tumbling windows whose final invocation succeeded, those terminated early included. */
  windowsClosed: number;
  /** Windows cut before their end: state over 1 MB, shard closed, or the run stopped. */
  windowsTerminatedEarly: number;
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
  | {
      type: 'invoke';
      shardId: string;
      requestId: string;
      batchSize: number;
      attempt: number;
      firstSequenceNumber: string;
      lastSequenceNumber: string;
      /** The tumbling window of the records, when the mapping has one. */
      window?: { start: string; end: string };
    }
  /** A tumbling window's final invocation (no records) starts. */
  | { type: 'window-final'; shardId: string; requestId: string; attempt: number; window: { start: string; end: string }; terminatedEarly: boolean }
  /** A tumbling window's final invocation succeeded: `state` is what it received, the window's result. */
  | {
      type: 'window-closed';
      shardId: string;
      requestId: string;
      durationMs: number;
      window: { start: string; end: string };
      state: Record<string, unknown>;
      terminatedEarly: boolean;
    }
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
      /** The tumbling window, when the mapping has one; with `batchSize` 0, its final invocation failed. */
      window?: { start: string; end: string };
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
/** Where the parts of a mapping send what they report. */
export type Emit = (event: EventSourceMappingEvent) => void;

/**
 * Wraps the user's `onEvent` so that a listener that throws neither breaks the mapping nor goes unnoticed.
 *
 * @example
 * const emit = guardListener(options.onEvent);
 * emit({ type: 'drained' });
 */
export function guardListener(onEvent: Emit | undefined): Emit {
  return (event) => {
    try {
      onEvent?.(event);
    } catch (error) {
      process.emitWarning(`shardline: an onEvent listener threw: ${(error as Error).message}`);
    }
  };
}
