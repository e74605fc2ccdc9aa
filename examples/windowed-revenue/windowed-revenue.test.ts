import 'reflect-metadata';
import { createHandler, type KinesisStreamRecord, type ShardlineHandler, type WindowState } from 'shardline';
import { WindowEndError } from 'shardline/windows';
import { kinesisEvent, kinesisRecord } from 'shardline/testing';
import { revenueOptions, WindowedRevenue } from './handler';
import { RatesClient } from './rates';
import { RevenueTable } from './revenue-table';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };

const paid = (orderId: string, amount: number, currency = 'EUR') => ({
  data: { type: 'order.paid', orderId, customerId: `c-${orderId}`, amount, currency },
  partitionKey: `c-${orderId}`,
});
const refunded = (orderId: string, amount: number, currency = 'EUR') => ({
  data: { type: 'order.refunded', orderId, customerId: `c-${orderId}`, amount, currency },
  partitionKey: `c-${orderId}`,
});

/** Rates that fail for the orders listed, once each: a service that is briefly down. */
class FlakyRates extends RatesClient {
  constructor(private readonly failOnce: Set<number>) {
    super();
  }

  override async toEuroCents(amount: number, currency: 'EUR' | 'USD' | 'GBP'): Promise<number> {
    if (this.failOnce.delete(amount)) throw new Error('rates service unavailable');
    return super.toEuroCents(amount, currency);
  }
}

function revenueHandler(rates: RatesClient = new RatesClient()) {
  const table = new RevenueTable();
  return { table, handler: createHandler([new WindowedRevenue(table, rates)], { ...revenueOptions, logger: silent }) };
}

/**
 * What Lambda does with one shard's window, by its documented rules: batches of `batchSize`
 * records, the state each invocation returns handed to the next, a checkpoint at the lowest
 * reported sequence number (everything from there delivered again), a failed invocation retried
 * as it was, and a final invocation, without records, once every record is through.
 */
async function runWindow(handler: ShardlineHandler, records: KinesisStreamRecord[], batchSize: number): Promise<{ invocations: number; state: WindowState }> {
  let state: WindowState = {};
  let position = 0;
  let invocations = 0;
  while (position < records.length) {
    const batch = records.slice(position, position + batchSize);
    invocations++;
    const response = await handler(kinesisEvent(batch, { window: WINDOW, state })).catch(() => undefined);
    if (response === undefined) continue;
    state = response.state;
    const reported = response.batchItemFailures.map((failure) => BigInt(failure.itemIdentifier));
    if (reported.length === 0) {
      position += batch.length;
    } else {
      const lowest = reported.reduce((a, b) => (b < a ? b : a));
      position += batch.findIndex((record) => BigInt(record.kinesis.sequenceNumber) === lowest);
    }
  }
  for (;;) {
    invocations++;
    const response = await handler(kinesisEvent([], { window: WINDOW, state, final: true })).catch(() => undefined);
    if (response !== undefined) return { invocations, state: response.state };
  }
}

describe('the windowed revenue example', () => {
  it('folds a batch into the window totals, converting currencies', async () => {
    const { handler } = revenueHandler();

    const response = await handler(kinesisEvent([paid('o-1', 1000), paid('o-2', 1000, 'USD'), refunded('o-1', 250)], { window: WINDOW }));

    expect(response).toEqual({ state: { paidCents: 1920, refundedCents: 250, payments: 2, refunds: 1 }, batchItemFailures: [] });
  });

  it('writes the totals of the window once it ends', async () => {
    const { table, handler } = revenueHandler();

    await handler(
      kinesisEvent([], {
        window: WINDOW,
        state: { paidCents: 5000, refundedCents: 1200, payments: 4, refunds: 1 },
        final: true,
        shardId: 'shardId-000000000002',
      }),
    );

    expect([...table.rows.values()]).toEqual([
      {
        shardId: 'shardId-000000000002',
        windowStart: WINDOW.start,
        windowEnd: WINDOW.end,
        paidCents: 5000,
        refundedCents: 1200,
        netCents: 3800,
        payments: 4,
        refunds: 1,
        partial: false,
      },
    ]);
  });

  it('adds nothing for a record that is not an order movement', async () => {
    const { handler } = revenueHandler();

    const response = await handler(kinesisEvent([paid('o-1', 1000), { data: { type: 'order.paid', orderId: 'o-2' } }], { window: WINDOW }));

    expect(response).toEqual({ state: { paidCents: 1000, refundedCents: 0, payments: 1, refunds: 0 }, batchItemFailures: [] });
  });

  it('counts every record of a window exactly once although the rates service failed along the way', async () => {
    const amounts = Array.from({ length: 40 }, (_, i) => 100 + i);
    const records = amounts.map((amount, i) =>
      kinesisRecord({ ...paid(`o-${i}`, amount), sequenceNumber: 49590338271490256608559692538361571095921575989136588898n + BigInt(i) * 1000n }),
    );
    const { table, handler } = revenueHandler(new FlakyRates(new Set([103, 117, 118, 131])));

    const { invocations } = await runWindow(handler, records, 10);

    expect(invocations).toBeGreaterThan(5);
    expect([...table.rows.values()].map((row) => [row.paidCents, row.payments])).toEqual([[amounts.reduce((a, b) => a + b), 40]]);
  });

  it('fails a final invocation whose records are not all through, and ends the window when Lambda retries it', async () => {
    const rates = new FlakyRates(new Set([700]));
    const { table, handler } = revenueHandler(rates);
    const event = kinesisEvent([paid('o-1', 500), paid('o-2', 700)], { window: WINDOW, state: { paidCents: 100, payments: 1 }, final: true });

    await expect(handler(event)).rejects.toThrow(WindowEndError);
    expect(table.rows.size).toBe(0);
    const retried = await handler(event);

    expect(retried.state).toEqual({ paidCents: 1300, refundedCents: 0, payments: 3, refunds: 0 });
    expect([...table.rows.values()].map((row) => row.paidCents)).toEqual([1300]);
  });

  it('lists its window methods with its routes', () => {
    const { handler } = revenueHandler();

    expect(handler.routes.map((route) => `${route.kind} ${route.handler}.${route.method}`)).toEqual([
      'record WindowedRevenue.paid',
      'record WindowedRevenue.refunded',
      'invalid WindowedRevenue.quarantine',
      'window-reduce WindowedRevenue.add',
      'window-end WindowedRevenue.close',
    ]);
  });
});
