import 'reflect-metadata';
import { createHandler, OnInvalid, OnRecord, StreamHandler, type HandlerOptions, type RecordContext, type RecordError } from 'shardline';
import { OnWindowEnd, WindowReduce, type WindowContext } from 'shardline/windows';
import { OrderPaid, OrderRefunded } from './payloads';
import { RatesClient } from './rates';
import { RevenueTable } from './revenue-table';
import { RevenueTotals, type Movement } from './revenue-totals';

/**
 * Revenue per tumbling window, from an `orders` stream partitioned by customer. Each route returns
 * what its record adds to the window (a movement in euro cents); `add` folds the movements into the
 * window's totals, and `close` writes them once the window is over. Deploy it with a tumbling window
 * on the event source mapping (`TumblingWindowInSeconds`, up to 900).
 */
@StreamHandler()
export class WindowedRevenue {
  constructor(
    readonly table = new RevenueTable(),
    readonly rates = new RatesClient(),
  ) {}

  @OnRecord(OrderPaid)
  async paid(order: OrderPaid): Promise<Movement> {
    return { kind: 'paid', cents: await this.rates.toEuroCents(order.amount, order.currency) };
  }

  @OnRecord(OrderRefunded)
  async refunded(refund: OrderRefunded): Promise<Movement> {
    return { kind: 'refunded', cents: await this.rates.toEuroCents(refund.amount, refund.currency) };
  }

  /** Not an order movement: logged, and it adds nothing to the window (it returns nothing). */
  @OnInvalid()
  quarantine(error: RecordError, { record, logger }: RecordContext): void {
    logger.warn('not an order movement', { sequenceNumber: record.sequenceNumber, reason: error.message });
  }

  @WindowReduce({ state: RevenueTotals })
  add(totals: RevenueTotals, movement: Movement): RevenueTotals {
    if (movement.kind === 'paid') {
      totals.paidCents += movement.cents;
      totals.payments += 1;
    } else {
      totals.refundedCents += movement.cents;
      totals.refunds += 1;
    }
    return totals;
  }

  @OnWindowEnd()
  async close(totals: RevenueTotals, window: WindowContext): Promise<void> {
    await this.table.put({
      shardId: window.shardId,
      windowStart: window.start,
      windowEnd: window.end,
      paidCents: totals.paidCents,
      refundedCents: totals.refundedCents,
      netCents: totals.netCents,
      payments: totals.payments,
      refunds: totals.refunds,
      partial: window.terminatedEarly,
    });
    window.logger.info('revenue window closed', { start: window.start, netCents: totals.netCents });
  }
}

/** Customers concurrently, each customer's movements in order; the fold is in batch order regardless. */
export const revenueOptions: HandlerOptions = { ordering: 'partition-key', concurrency: 16 };

export const revenue = new WindowedRevenue();

/** The Lambda entrypoint. */
export const handler = createHandler([revenue], revenueOptions);
