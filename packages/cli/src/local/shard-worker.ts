/**
 * Runs one shard from its first read to its close: waits until its parents are closed, then reads the
 * shard, deals its records to its lanes (one, or one per parallelization factor, by partition key),
 * starts each idle lane's next batch or window close when it is due, and describes the shard's progress.
 */
import type { ShardRecord } from './lambda-event.js';
import type { ShardProgress } from './mapping-events.js';
import type { MappingSettings } from './mapping-options.js';
import { laneOf } from './partition-lanes.js';
import { isBatchReady, nextBatchLength } from './shard-batcher.js';
import { ShardCheckpoint } from './shard-checkpoint.js';
import { ShardDelivery, type DeliveryContext } from './shard-delivery.js';
import { ShardFeed, type FeedContext } from './shard-feed.js';
import { ShardLane } from './shard-lane.js';
import { ShardReader, type ShardReaderOptions } from './shard-reader.js';
import { formatWindow, OpenWindow, WINDOW_CLOSE_GRACE_MS, windowCloseReason, windowOf } from './tumbling-window.js';

/** What a worker needs from the run around it. */
export interface ShardWorkerContext extends FeedContext, Omit<DeliveryContext, 'settings'> {
  settings: Pick<MappingSettings, 'batchSize' | 'windowMs' | 'pollIntervalMs' | 'tumblingWindowMs' | 'parallelizationFactor'> & DeliveryContext['settings'];
  /** Whether a shard is known and not yet closed: a child waits for its open parents. */
  isOpen(shardId: string): boolean;
}

/** The reader, lanes and checkpoint of one shard, and the loop that drives them. */
export class ShardWorker {
  state: 'waiting-for-parent' | 'polling' | 'closed' = 'polling';
  private readonly reader: ShardReader;
  private readonly feed: ShardFeed;
  private readonly lanes: ShardLane[];
  private readonly books = new ShardCheckpoint();
  private failure?: { error: unknown };
  private wake: () => void = () => undefined;
  private woken!: Promise<void>;

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
    this.lanes = Array.from({ length: context.settings.parallelizationFactor }, () => new ShardLane(new ShardDelivery(reader.shardId, context, this.books)));
    this.feed = new ShardFeed(
      this.reader,
      context,
      (records) => this.deal(records),
      () => this.waiting(),
    );
    this.rearm();
  }

  get shardId(): string {
    return this.reader.shardId;
  }

  /** Runs until the run stops or the shard is closed, every record of it delivered and its window closed. */
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
    try {
      await this.loop();
    } catch (error) {
      // A failure of one shard ends the run: lanes stop retrying, and no invocation outlives the run.
      control.stop();
      await this.settleLanes();
      throw error;
    }
    // A stop lets the work in flight finish.
    await this.settleLanes();
    this.throwIfFailed();
    // The run stops while windows are open: each gets its final invocation now, marked as cut short.
    for (const lane of this.lanes) {
      if (lane.window === undefined) continue;
      await lane.delivery.closeWindow(lane.window, Date.now() < lane.window.bounds.end);
      lane.window = undefined;
    }
    if (this.reader.ended && this.lanes.every((lane) => lane.buffer.length === 0 && lane.delivery.inFlight === 0)) {
      this.state = 'closed';
      this.context.emit({ type: 'shard-closed', shardId: this.shardId });
      this.context.checkDrained();
    }
  }

  /** Whether the shard has nothing left to do, trusting only reads numbered above `sinceRead`. */
  isIdle(sinceRead: number): boolean {
    if (this.state === 'closed') return true;
    const { feed } = this;
    return feed.caughtUp && feed.caughtUpRead > sinceRead && this.lanes.every((lane) => !lane.busy && lane.buffer.length === 0 && lane.window === undefined);
  }

  /** The shard's state for progress events and the summary, at `now`. */
  progress(now: number): ShardProgress {
    const { reader, feed, lanes } = this;
    let oldest: number | undefined;
    let pendingRecords = 0;
    let recordsProcessed = 0;
    let recordsDiscarded = 0;
    let invocations = 0;
    let batchesInFlight = 0;
    for (const { delivery, buffer, busy } of lanes) {
      const laneOldest = (delivery.oldestInFlight ?? buffer[0]?.approximateArrivalTimestamp)?.getTime();
      if (laneOldest !== undefined) oldest = Math.min(oldest ?? laneOldest, laneOldest);
      pendingRecords += buffer.length + delivery.inFlight;
      recordsProcessed += delivery.recordsProcessed;
      recordsDiscarded += delivery.recordsDiscarded;
      invocations += delivery.invocations;
      if (busy) batchesInFlight++;
    }
    const window = lanes[0].window;
    return {
      shardId: this.shardId,
      millisBehindLatest: reader.millisBehindLatest,
      iteratorAgeMs: Math.max(reader.millisBehindLatest, oldest === undefined ? 0 : Math.max(0, now - oldest)),
      pendingRecords,
      checkpoint: this.books.checkpoint,
      recordsProcessed,
      recordsDiscarded,
      invocations,
      state: this.state !== 'polling' ? this.state : batchesInFlight > 0 ? 'invoking' : feed.caughtUp ? 'caught-up' : 'polling',
      ...(window !== undefined && { window: formatWindow(window.bounds) }),
      batchesInFlight,
    };
  }

  /**
   * One decision at a time: start what is due on idle lanes, then read (when a lane could use records
   * and the lanes hold less than a batch each) or wait for a lane, a batching window or a poll.
   */
  private async loop(): Promise<void> {
    const { control, settings } = this.context;
    const room = settings.batchSize * this.lanes.length;
    while (!control.stopping) {
      this.throwIfFailed();
      // Taken before anything can finish, so that no lane's end between here and the wait goes unnoticed.
      const woken = this.woken;
      const now = Date.now();
      for (const lane of this.lanes) if (!lane.busy) this.startDue(lane, now);
      if (this.reader.ended && this.lanes.every((lane) => !lane.busy && lane.buffer.length === 0 && lane.window === undefined)) return;
      const laneIdle = this.lanes.some((lane) => !lane.busy);
      if (laneIdle && !this.reader.ended && this.waiting() < room) {
        const outcome = await this.feed.read();
        if (outcome !== 'empty' || this.reader.ended) continue;
        // An empty read at the tip may be what closes a window: close it now rather than a poll later.
        for (const lane of this.lanes) if (!lane.busy) this.startDue(lane, Date.now());
      }
      await control.sleep(this.waitMs(Date.now()), woken);
    }
  }

  /**
   * Starts what an idle lane has due: its window's final invocation once the window is over, else its
   * next batch once it is ready (opening the batch's window when there is none).
   */
  private startDue(lane: ShardLane, now: number): void {
    const { control, settings } = this.context;
    if (control.stopping) return;
    const { tumblingWindowMs } = settings;
    const open = lane.window;
    if (open !== undefined) {
      const reason = windowCloseReason(
        open.bounds,
        lane.buffer[0],
        { shardEnded: this.reader.ended, caughtUpReadStartedAt: this.feed.caughtUpReadStartedAt },
        tumblingWindowMs,
      );
      if (reason !== undefined) {
        const early = reason === 'shard-end' && now < open.bounds.end;
        const closing = lane.delivery.closeWindow(open, early).then(() => {
          lane.window = undefined;
        });
        lane.run(closing, (failure) => this.settled(failure));
        return;
      }
    }
    if (!isBatchReady({ buffer: lane.buffer, bufferedSince: lane.bufferedSince, shardEnded: this.reader.ended, now }, settings)) return;
    const batch = lane.take(nextBatchLength(lane.buffer, settings.batchSize, tumblingWindowMs));
    if (tumblingWindowMs > 0) lane.window ??= new OpenWindow(windowOf(batch[0].approximateArrivalTimestamp, tumblingWindowMs));
    lane.run(lane.delivery.deliver(batch, lane.window), (failure) => this.settled(failure));
  }

  /** How long to wait for nothing to be due: a poll interval at most, less when a batching window or a tumbling window ends first. */
  private waitMs(now: number): number {
    const { settings } = this.context;
    let wait = settings.pollIntervalMs;
    for (const lane of this.lanes) {
      if (lane.busy) continue;
      // Past deadlines do not count: what they made due has been started, or waits for a read.
      const due =
        lane.buffer.length > 0
          ? lane.bufferedSince + settings.windowMs
          : lane.window !== undefined
            ? lane.window.bounds.end + WINDOW_CLOSE_GRACE_MS
            : undefined;
      if (due !== undefined && due > now) wait = Math.min(wait, due - now);
    }
    return wait;
  }

  private deal(records: ShardRecord[]): void {
    this.books.read(records);
    const { lanes } = this;
    if (lanes.length === 1) {
      for (const record of records) lanes[0].add(record);
      return;
    }
    for (const record of records) lanes[laneOf(record.partitionKey, lanes.length)].add(record);
  }

  /** Records read and not yet handed to an invocation. */
  private waiting(): number {
    let count = 0;
    for (const lane of this.lanes) count += lane.buffer.length;
    return count;
  }

  private async settleLanes(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.settled()));
  }

  private settled(failure?: { error: unknown }): void {
    if (failure !== undefined) this.failure ??= failure;
    const wake = this.wake;
    this.rearm();
    wake();
  }

  private rearm(): void {
    this.woken = new Promise((resolve) => (this.wake = resolve));
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}
