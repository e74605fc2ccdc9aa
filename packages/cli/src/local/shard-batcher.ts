/**
 * Cuts a lane's next batch as Lambda does, as pure functions: up to the batch size, under the 6 MB
 * invocation payload limit, never across a tumbling window's boundary; and decides when it is ready
 * (full, the batching window is over, or nothing more can join it).
 */
import type { ShardRecord } from './lambda-event.js';
import { sameWindowLength } from './tumbling-window.js';

/** Lambda's synchronous invocation payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Bytes an event record takes besides its base64 data and partition key. */
const RECORD_OVERHEAD_BYTES = 420;

/**
 * How many records from the front of `buffer` make the next batch: at most `batchSize`, and no more
 * than fit into one invocation payload once base64-encoded (but always at least one).
 *
 * @example
 * batchLength(buffer, 100); // 100 for small records; fewer when they would pass 6 MB
 */
export function batchLength(buffer: ReadonlyArray<ShardRecord>, batchSize: number): number {
  let count = 0;
  let bytes = 0;
  while (count < buffer.length && count < batchSize) {
    const record = buffer[count];
    const size = Math.ceil(record.data.byteLength / 3) * 4 + record.partitionKey.length + RECORD_OVERHEAD_BYTES;
    if (count > 0 && bytes + size > MAX_PAYLOAD_BYTES) break;
    bytes += size;
    count++;
  }
  return count;
}

/**
 * The length of the next batch: {@link batchLength}, cut at the first record of another tumbling window
 * when there is one (`tumblingWindowMs` above 0).
 *
 * @example
 * nextBatchLength(buffer, 100, 30_000); // at most 100, all of one 30-second window
 */
export function nextBatchLength(buffer: ReadonlyArray<ShardRecord>, batchSize: number, tumblingWindowMs: number): number {
  const length = batchLength(buffer, batchSize);
  return tumblingWindowMs > 0 ? Math.min(length, sameWindowLength(buffer, tumblingWindowMs)) : length;
}

/**
 * Whether a lane's buffered records make a batch now: when the batch is full (by count, payload or a
 * window boundary: records after it cannot join it), when the batching window that started with the
 * first buffered record is over, or when the shard has ended and nothing more will be read.
 *
 * @param bufferedSince when the batching window of the buffered records started (epoch ms)
 * @example
 * isBatchReady({ buffer, bufferedSince, shardEnded: false, now: Date.now() }, { batchSize: 100, windowMs: 0, tumblingWindowMs: 0 });
 */
export function isBatchReady(
  lane: { readonly buffer: ReadonlyArray<ShardRecord>; readonly bufferedSince: number; readonly shardEnded: boolean; readonly now: number },
  settings: { readonly batchSize: number; readonly windowMs: number; readonly tumblingWindowMs: number },
): boolean {
  const { buffer } = lane;
  if (buffer.length === 0) return false;
  if (buffer.length >= settings.batchSize || lane.shardEnded || lane.now >= lane.bufferedSince + settings.windowMs) return true;
  return nextBatchLength(buffer, settings.batchSize, settings.tumblingWindowMs) < buffer.length;
}
