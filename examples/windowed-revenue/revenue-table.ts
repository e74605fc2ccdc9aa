/**
 * Stands in for a real table (DynamoDB, say): one row per shard and window, written with the key
 * alone deciding where, so that Lambda retrying a window's final invocation overwrites the row
 * instead of adding a second one.
 */
export interface RevenueRow {
  shardId: string;
  windowStart: string;
  windowEnd: string;
  paidCents: number;
  refundedCents: number;
  netCents: number;
  payments: number;
  refunds: number;
  /** Lambda ended the window early: the rest of it is another row for the same window. */
  partial: boolean;
}

export class RevenueTable {
  readonly rows = new Map<string, RevenueRow>();
  /** Every write, retries included. */
  writes = 0;

  async put(row: RevenueRow): Promise<void> {
    await Promise.resolve();
    this.writes++;
    this.rows.set(`${row.shardId}#${row.windowStart}`, row);
  }
}
