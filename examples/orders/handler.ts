import 'reflect-metadata';
import { createHandler, OnInvalid, OnRecord, StreamHandler, type HandlerOptions, type RecordContext, type RecordError } from 'shardline';
import { OrdersTable } from './orders-table';
import { OrderCancelled, OrderCreated } from './payloads';

/**
 * Orders from an `orders` stream, partitioned by customer id: created and cancelled orders are
 * written to the table; records that are not valid orders are quarantined rather than retried
 * forever.
 */
@StreamHandler()
export class Orders {
  constructor(readonly table = new OrdersTable()) {}

  @OnRecord(OrderCreated)
  async created(order: OrderCreated): Promise<void> {
    await this.table.put({ orderId: order.orderId, customerId: order.customerId, total: order.total, status: 'created' });
  }

  @OnRecord(OrderCancelled)
  async cancelled(cancel: OrderCancelled): Promise<void> {
    await this.table.cancel(cancel.orderId, cancel.customerId);
  }

  @OnInvalid()
  async quarantine(error: RecordError, { record, logger }: RecordContext): Promise<void> {
    logger.warn('order quarantined', { sequenceNumber: record.sequenceNumber, partitionKey: record.partitionKey, reason: error.message });
    await this.table.quarantine(record.sequenceNumber, error.message);
  }
}

/** Records of one customer in order, customers concurrently. */
export const ordersOptions: HandlerOptions = { ordering: 'partition-key', concurrency: 32 };

export const orders = new Orders();

/** The Lambda entrypoint. */
export const handler = createHandler([orders], ordersOptions);
