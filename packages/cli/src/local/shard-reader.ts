/**
 * Reads one shard through GetShardIterator and GetRecords, resuming after the last record read, and
 * decides how a failed read is retried.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type GetShardIteratorCommandInput, type KinesisClient } from '@aws-sdk/client-kinesis';
import { toError } from './errors.js';
import type { ShardRecord } from './lambda-event.js';
import type { StartingPosition } from './starting-position.js';
import { explainKinesisError } from './stream-admin.js';

/** GetRecords' own maximum: one call brings everything a batch of any size may need. */
const MAX_GET_RECORDS = 10_000;
const MAX_CONSECUTIVE_READ_ERRORS = 8;
const MAX_READ_BACKOFF_MS = 5_000;

/** Where a reader finds its shard and where it starts. */
export interface ShardReaderOptions {
  client: KinesisClient;
  streamName: string;
  /** Shown in error messages. */
  endpoint?: string;
  shardId: string;
  position: StartingPosition;
  /** Required with AT_TIMESTAMP. */
  timestamp?: Date;
}

/** Reads the records of one shard in order. */
export class ShardReader {
  /** No record will come any more: the shard is closed and was read to its end. */
  ended = false;
  /** MillisBehindLatest of the last read. */
  millisBehindLatest = 0;
  private iterator?: string;
  private lastReadSequenceNumber?: string;

  constructor(private readonly options: ShardReaderOptions) {}

  get shardId(): string {
    return this.options.shardId;
  }

  /** Gets a fresh iterator: after the last record read, or at the starting position before the first read. */
  async open(): Promise<void> {
    const { client, streamName, shardId, position, timestamp } = this.options;
    const input: Omit<GetShardIteratorCommandInput, 'ShardId'> =
      this.lastReadSequenceNumber !== undefined
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: this.lastReadSequenceNumber }
        : position === 'AT_TIMESTAMP'
          ? { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: timestamp }
          : { ShardIteratorType: position };
    try {
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ...input }));
      this.iterator = ShardIterator;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** One GetRecords call; an empty result once the shard has ended. Errors come as the SDK threw them. */
  async read(): Promise<ShardRecord[]> {
    if (this.iterator === undefined) {
      this.ended = true;
      return [];
    }
    const response = await this.options.client.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: MAX_GET_RECORDS }));
    this.iterator = response.NextShardIterator ?? undefined;
    if (this.iterator === undefined) this.ended = true;
    this.millisBehindLatest = response.MillisBehindLatest ?? 0;
    const records = (response.Records ?? []).map((record) => ({
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      data: record.Data ?? new Uint8Array(),
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp ?? new Date(),
    }));
    if (records.length > 0) this.lastReadSequenceNumber = records[records.length - 1].sequenceNumber;
    return records;
  }

  /** A failure of this shard's reads, in the words a user can act on (missing stream, unreachable endpoint). */
  explain(error: unknown): Error {
    return toError(explainKinesisError(error, this.options.streamName, this.options.endpoint));
  }
}

/**
 * What to do after a read failed: give up, or wait and read again (with a fresh iterator when the old
 * one expired).
 */
export type ReadErrorAction = { readonly kind: 'fail' } | { readonly kind: 'retry'; readonly reopenIterator: boolean; readonly delayMs: number };

/**
 * Decides how to go on after the `consecutiveErrors`-th read failure in a row: errors that cannot heal
 * (missing stream, bad argument, access denied) and long runs of failures end the run; throttling and
 * the like are retried after an exponential backoff.
 *
 * @example
 * readErrorAction({ name: 'ProvisionedThroughputExceededException' }, 1); // { kind: 'retry', reopenIterator: false, delayMs: 200 }
 */
export function readErrorAction(error: unknown, consecutiveErrors: number): ReadErrorAction {
  const name = (error as { name?: string } | null | undefined)?.name ?? '';
  if (consecutiveErrors >= MAX_CONSECUTIVE_READ_ERRORS || !isRetryableReadError(name)) return { kind: 'fail' };
  return { kind: 'retry', reopenIterator: name === 'ExpiredIteratorException', delayMs: Math.min(MAX_READ_BACKOFF_MS, 100 * 2 ** consecutiveErrors) };
}

function isRetryableReadError(name: string): boolean {
  return name !== 'ResourceNotFoundException' && name !== 'InvalidArgumentException' && name !== 'AccessDeniedException';
}
