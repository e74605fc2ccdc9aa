/**
 * Runs one shard from its first read to its close: waits until its parents are closed, then reads,
 * batches and delivers its records in shard order, one batch in flight, and describes its progress.
 */
import type { ShardProgress } from './mapping-events.js';
import { ShardBatcher, type BatcherContext } from './shard-batcher.js';
import { ShardDelivery, type DeliveryContext } from './shard-delivery.js';
import { ShardReader, type ShardReaderOptions } from './shard-reader.js';

/** What a worker needs from the run around it. */
export interface ShardWorkerContext extends Omit<BatcherContext, 'settings'>, Omit<DeliveryContext, 'settings'> {
  settings: BatcherContext['settings'] & DeliveryContext['settings'];
  /** Whether a shard is known and not yet closed: a child waits for its open parents. */
  isOpen(shardId: string): boolean;
}

/** The reader, batcher and delivery of one shard, and the loop that drives them. */
export class ShardWorker {
  state: ShardProgress['state'] = 'polling';
  private readonly reader: ShardReader;
  private readonly batcher: ShardBatcher;
  private readonly delivery: ShardDelivery;

  /**
   * @param parentIds the shards this one was split or merged from: Lambda finishes them first, so each
   *   partition key keeps its order across a reshard.
   */
  constructor(
    reader: ShardReaderOptions,
    private readonly parentIds: ReadonlyArray<string>,
    private readonly context: ShardWorkerContext,
  ) {
    this.reader = new ShardReader(reader);
    this.batcher = new ShardBatcher(this.reader, context);
    this.delivery = new ShardDelivery(reader.shardId, context);
  }

  get shardId(): string {
    return this.reader.shardId;
  }

  /** Runs until the run stops or the shard is closed and every record of it delivered. */
  async run(): Promise<void> {
    const { control, settings } = this.context;
    while (this.parentIds.some((id) => this.context.isOpen(id))) {
      this.state = 'waiting-for-parent';
      if (control.stopping) return;
      await control.sleep(settings.pollIntervalMs);
    }
    this.state = 'polling';
    try {
      await this.reader.open();
    } catch (error) {
      if (control.stopping) return;
      throw error;
    }
    while (!control.stopping) {
      const batch = await this.batcher.next();
      if (batch.length === 0) {
        if (this.reader.ended && this.batcher.buffer.length === 0) break;
        continue;
      }
      this.state = 'invoking';
      await this.delivery.deliver(batch);
      this.state = 'polling';
    }
    if (this.reader.ended && this.batcher.buffer.length === 0 && this.delivery.inFlight === 0) {
      this.state = 'closed';
      this.context.emit({ type: 'shard-closed', shardId: this.shardId });
      this.context.checkDrained();
    }
  }

  /** Whether the shard has nothing left to do, trusting only reads numbered above `sinceRead`. */
  isIdle(sinceRead: number): boolean {
    if (this.state === 'closed') return true;
    const { batcher } = this;
    return batcher.caughtUp && batcher.caughtUpRead > sinceRead && batcher.buffer.length === 0 && this.delivery.inFlight === 0 && this.state !== 'invoking';
  }

  /** The shard's state for progress events and the summary, at `now`. */
  progress(now: number): ShardProgress {
    const { reader, batcher, delivery } = this;
    const oldest = delivery.oldestInFlight ?? batcher.buffer[0]?.approximateArrivalTimestamp;
    return {
      shardId: this.shardId,
      millisBehindLatest: reader.millisBehindLatest,
      iteratorAgeMs: Math.max(reader.millisBehindLatest, oldest === undefined ? 0 : Math.max(0, now - oldest.getTime())),
      pendingRecords: batcher.buffer.length + delivery.inFlight,
      checkpoint: delivery.checkpoint,
      recordsProcessed: delivery.recordsProcessed,
      recordsDiscarded: delivery.recordsDiscarded,
      invocations: delivery.invocations,
      state: batcher.caughtUp && this.state === 'polling' ? 'caught-up' : this.state,
    };
  }
}
