/**
 * Reads a shard one GetRecords call at a time and deals what it reads to the shard's lanes, retrying
 * reads that can heal; notices when the shard is caught up (for drains and for closing tumbling windows).
 */
import type { ShardRecord } from './lambda-event.js';
import type { Emit } from './mapping-events.js';
import type { RunControl } from './run-control.js';
import { readErrorAction, type ShardReader } from './shard-reader.js';

/** What a feed needs from the run around it. */
export interface FeedContext {
  control: RunControl;
  emit: Emit;
  /** Numbers reads run-wide, so that a drain request can tell the reads that started after it. */
  nextReadId(): number;
  /** Called when a read found the shard caught up: the run may now be drained. */
  checkDrained(): void;
}

/**
 * How a read went: it brought records, found nothing new, or failed in a way that heals (its backoff
 * has been waited already).
 */
export type ReadOutcome = 'records' | 'empty' | 'failed';

/** The reads of one shard, and what they tell about the shard's tip. */
export class ShardFeed {
  /** The last read found nothing new at the tip, and no record was waiting for a batch. */
  caughtUp = false;
  /** Id of the read that found the shard caught up; a drain only trusts reads started after it was asked for. */
  caughtUpRead = 0;
  /**
   * When the latest read that found nothing new at the shard's tip started (epoch ms): every record that
   * arrived before then has been read.
   */
  caughtUpReadStartedAt?: number;
  private readErrors = 0;

  /**
   * @param deal takes the records of a read, in shard order.
   * @param waiting counts the records read and not yet handed to an invocation.
   */
  constructor(
    private readonly reader: ShardReader,
    private readonly context: FeedContext,
    private readonly deal: (records: ShardRecord[]) => void,
    private readonly waiting: () => number,
  ) {}

  /** One GetRecords call. Throws what cannot heal (a missing stream, eight failures in a row). */
  async read(): Promise<ReadOutcome> {
    const { control, emit } = this.context;
    const { reader } = this;
    const readId = this.context.nextReadId();
    const startedAt = Date.now();
    let records: ShardRecord[];
    try {
      records = await reader.read();
      this.readErrors = 0;
    } catch (error) {
      if (control.stopping) return 'failed';
      const action = readErrorAction(error, ++this.readErrors);
      if (action.kind === 'fail') throw reader.explain(error);
      emit({ type: 'warning', shardId: reader.shardId, message: `GetRecords failed (${(error as Error).name}), retrying` });
      if (action.reopenIterator) await reader.open();
      await control.sleep(action.delayMs);
      return 'failed';
    }
    if (records.length > 0) {
      this.caughtUp = false;
      this.deal(records);
      return 'records';
    }
    if (reader.millisBehindLatest === 0) {
      this.caughtUpReadStartedAt = startedAt;
      if (this.waiting() === 0) {
        this.caughtUp = true;
        this.caughtUpRead = readId;
        this.context.checkDrained();
      }
    }
    return 'empty';
  }
}
