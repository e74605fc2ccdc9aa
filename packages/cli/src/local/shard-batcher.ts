/**
 * Gathers a shard's records into its next batch as Lambda does: up to the batch size, within the
 * batching window, under the 6 MB invocation payload limit; and notices when the shard is caught up.
 */
import type { ShardRecord } from './lambda-event.js';
import type { Emit } from './mapping-events.js';
import type { MappingSettings } from './mapping-options.js';
import type { RunControl } from './run-control.js';
import { readErrorAction, type ShardReader } from './shard-reader.js';

/** Lambda's synchronous invocation payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Bytes an event record takes besides its base64 data and partition key. */
const RECORD_OVERHEAD_BYTES = 420;

/** What a batcher needs from the run around it. */
export interface BatcherContext {
  control: RunControl;
  emit: Emit;
  settings: Pick<MappingSettings, 'batchSize' | 'windowMs' | 'pollIntervalMs'>;
  /** Numbers reads run-wide, so that a drain request can tell the reads that started after it. */
  nextReadId(): number;
  /** Called when a read found the shard caught up: the run may now be drained. */
  checkDrained(): void;
}

/** Buffers what a reader reads and hands it out batch by batch, in shard order. */
export class ShardBatcher {
  /** Read but not yet handed out. */
  readonly buffer: ShardRecord[] = [];
  /** The last read found nothing new and the reader at the tip. */
  caughtUp = false;
  /** Id of the read that found the shard caught up; a drain only trusts reads started after it was asked for. */
  caughtUpRead = 0;

  constructor(
    private readonly reader: ShardReader,
    private readonly context: BatcherContext,
  ) {}

  /** Reads until a batch is ready: full, or the batching window is over, or nothing more is coming. Empty when the run stops or the shard ended. */
  async next(): Promise<ShardRecord[]> {
    const { control, settings } = this.context;
    const { buffer, reader } = this;
    let windowEnd = buffer.length > 0 ? Date.now() + settings.windowMs : undefined;
    let readErrors = 0;
    for (;;) {
      if (control.stopping) return [];
      if (buffer.length >= settings.batchSize) break;
      const windowOver = windowEnd !== undefined && Date.now() >= windowEnd;
      if (buffer.length > 0 && (windowOver || reader.ended)) break;
      if (reader.ended) return [];
      let records: ShardRecord[];
      const readId = this.context.nextReadId();
      try {
        records = await reader.read();
        readErrors = 0;
      } catch (error) {
        if (control.stopping) return [];
        const action = readErrorAction(error, ++readErrors);
        if (action.kind === 'fail') throw reader.explain(error);
        this.context.emit({ type: 'warning', shardId: reader.shardId, message: `GetRecords failed (${(error as Error).name}), retrying` });
        if (action.reopenIterator) await reader.open();
        await control.sleep(action.delayMs);
        continue;
      }
      if (records.length > 0) {
        this.caughtUp = false;
        buffer.push(...records);
        windowEnd ??= Date.now() + settings.windowMs;
        continue;
      }
      if (buffer.length === 0 && reader.millisBehindLatest === 0) {
        this.caughtUp = true;
        this.caughtUpRead = readId;
        this.context.checkDrained();
        if (control.stopping) return [];
      }
      if (reader.ended) continue;
      const wait = windowEnd === undefined ? settings.pollIntervalMs : Math.min(settings.pollIntervalMs, Math.max(0, windowEnd - Date.now()));
      await control.sleep(wait);
    }
    return buffer.splice(0, batchLength(buffer, settings.batchSize));
  }
}

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
