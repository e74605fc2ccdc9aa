/**
 * Stands in for a real table (DynamoDB, Postgres): what the handler writes, in the order it wrote
 * it, so the example's tests and the demo can check order and completeness.
 */
export interface OrderRow {
  orderId: string;
  customerId: string;
  status: 'created' | 'cancelled';
  total: number;
}

export class OrdersTable {
  readonly rows = new Map<string, OrderRow>();
  readonly writes: Array<{ orderId: string; customerId: string; status: OrderRow['status'] }> = [];
  readonly quarantined: Array<{ sequenceNumber: string; reason: string }> = [];

  async put(row: OrderRow): Promise<void> {
    await Promise.resolve();
    this.rows.set(row.orderId, row);
    this.writes.push({ orderId: row.orderId, customerId: row.customerId, status: row.status });
  }

  async cancel(orderId: string, customerId: string): Promise<void> {
    await Promise.resolve();
    const row = this.rows.get(orderId);
    this.rows.set(orderId, { orderId, customerId, total: row?.total ?? 0, status: 'cancelled' });
    this.writes.push({ orderId, customerId, status: 'cancelled' });
  }

  async quarantine(sequenceNumber: string, reason: string): Promise<void> {
    await Promise.resolve();
    this.quarantined.push({ sequenceNumber, reason });
  }
}
