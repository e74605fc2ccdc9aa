import { OrdersTable, type OrderRow } from '../orders-table';

/** The error a throttled table throws; the batch fails, Lambda retries, the next write succeeds. */
export class TransientWriteError extends Error {
  override readonly name = 'TransientWriteError';
}

/**
 * The example's table, except that the first write of chosen events fails, like a throttled
 * DynamoDB table. Every write that succeeds is kept in `writes`, in order, for the audit.
 *
 * @example
 * const table = new FlakyOrdersTable(new Set(['created:o-42']));
 */
export class FlakyOrdersTable extends OrdersTable {
  failures = 0;

  constructor(private readonly failOnce: Set<string>) {
    super();
  }

  override async put(row: OrderRow): Promise<void> {
    this.maybeFail(`created:${row.orderId}`);
    await super.put(row);
  }

  override async cancel(orderId: string, customerId: string): Promise<void> {
    this.maybeFail(`cancelled:${orderId}`);
    await super.cancel(orderId, customerId);
  }

  private maybeFail(eventId: string): void {
    if (this.failOnce.delete(eventId)) {
      this.failures++;
      throw new TransientWriteError(`throttled while writing ${eventId}`);
    }
  }
}
