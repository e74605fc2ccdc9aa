/**
 * One lane of a shard (one of the parallelization factor's concurrent batches): the records dealt to it
 * that wait for their batch, the one piece of work it runs at a time (a batch, or a tumbling window's
 * final invocation), its delivery, and the window it aggregates.
 */
import type { ShardRecord } from './lambda-event.js';
import type { ShardDelivery } from './shard-delivery.js';
import type { OpenWindow } from './tumbling-window.js';

/** A lane's records, work and window. */
export class ShardLane {
  /** Read, dealt to this lane, not yet handed to an invocation; in shard order. */
  readonly buffer: ShardRecord[] = [];
  /** When the batching window of the buffered records started (epoch ms). */
  bufferedSince = 0;
  /** The tumbling window the lane aggregates, from its first batch to its final invocation. */
  window?: OpenWindow;
  private running?: Promise<void>;

  constructor(readonly delivery: ShardDelivery) {}

  /** Whether a batch or a final invocation of this lane is under way. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once the lane's work is over (at once when it has none). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  add(record: ShardRecord): void {
    if (this.buffer.length === 0) this.bufferedSince = Date.now();
    this.buffer.push(record);
  }

  /** Takes the next batch, `length` records from the front. */
  take(length: number): ShardRecord[] {
    return this.buffer.splice(0, length);
  }

  /**
   * Runs `work` as the lane's one piece of work.
   *
   * @param settled called once it is over, with what it threw if it failed.
   */
  run(work: Promise<void>, settled: (failure?: { error: unknown }) => void): void {
    this.running = work.then(
      () => this.finish(settled),
      (error: unknown) => this.finish(settled, { error }),
    );
  }

  private finish(settled: (failure?: { error: unknown }) => void, failure?: { error: unknown }): void {
    this.running = undefined;
    // Records that waited behind the batch start their batching window now, as they would on a shard without lanes.
    if (this.buffer.length > 0) this.bufferedSince = Date.now();
    settled(failure);
  }
}
