/**
 * A shard's checkpoint when several of its batches run at once (parallelization factor): the rule as a
 * pure function, and the books that apply it as the lanes finish their records.
 */

/**
 * Lambda's rule for a shard's checkpoint: it passes the records read, in shard order, only as long as
 * each is done (processed, or discarded to the on-failure destination). A record still buffered, in
 * flight or being retried in one lane holds the checkpoint of the whole shard, even when other lanes
 * have processed later records: Lambda, restarted from the checkpoint, delivers those again (at least
 * once), and never skips the record that held it.
 *
 * @param read sequence numbers of the records read, in shard order
 * @param done the records done so far, by sequence number
 * @param from where the checkpoint is now: the number of records of `read` already behind it
 * @returns the number of records of `read` behind the checkpoint once it has advanced (at least `from`)
 * @example
 * advanceCheckpoint(['1', '2', '3', '4'], new Set(['1', '2', '4']), 0); // 2: '3' is not done, so '4' stays ahead
 */
export function advanceCheckpoint(read: ReadonlyArray<string>, done: ReadonlySet<string>, from: number): number {
  let passed = from;
  while (passed < read.length && done.has(read[passed])) passed++;
  return passed;
}

/** Compacting the books only past this many passed records keeps the cost per record constant. */
const COMPACT_AFTER = 1_024;

/**
 * The checkpoint of one shard, fed with every record in shard order as it is read and with every record
 * as its lane is done with it.
 *
 * @example
 * const books = new ShardCheckpoint();
 * books.read(records);
 * books.done(processed);
 * books.checkpoint; // the last record of the longest done prefix
 */
export class ShardCheckpoint {
  /** Last sequence number behind the checkpoint. */
  checkpoint?: string;
  private order: string[] = [];
  private passed = 0;
  private readonly finished = new Set<string>();

  /** Records just read, in shard order. */
  read(records: ReadonlyArray<{ readonly sequenceNumber: string }>): void {
    for (const record of records) this.order.push(record.sequenceNumber);
  }

  /** Records a lane is done with (processed or discarded), in any order. */
  done(records: ReadonlyArray<{ readonly sequenceNumber: string }>): void {
    for (const record of records) this.finished.add(record.sequenceNumber);
    const before = this.passed;
    this.passed = advanceCheckpoint(this.order, this.finished, before);
    if (this.passed === before) return;
    this.checkpoint = this.order[this.passed - 1];
    for (let i = before; i < this.passed; i++) this.finished.delete(this.order[i]);
    if (this.passed >= COMPACT_AFTER && this.passed * 2 >= this.order.length) {
      this.order = this.order.slice(this.passed);
      this.passed = 0;
    }
  }

  /** Records read and not yet behind the checkpoint. */
  get held(): number {
    return this.order.length - this.passed;
  }
}
