import 'reflect-metadata';
import { createHandler } from 'shardline';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { Orders, ordersOptions } from './handler';
import { OrdersTable } from './orders-table';
import sampleEvent from './sample-event.json';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function ordersHandler(table = new OrdersTable()) {
  return { table, handler: createHandler([new Orders(table)], { ...ordersOptions, logger: silent }) };
}

const created = (orderId: string, customerId: string) => ({
  data: { type: 'order.created', orderId, customerId, total: 10, lines: [{ sku: 'tea', quantity: 1, unitPrice: 10 }] },
  partitionKey: customerId,
});

describe('the orders example', () => {
  it('handles its sample event: writes valid orders, quarantines invalid ones, reports no failure', async () => {
    const { table, handler } = ordersHandler();

    const response = await handler(sampleEvent, lambdaContext({ remainingTimeMs: 30_000 }));

    expect(response).toEqual({ batchItemFailures: [] });
    expect([...table.rows.values()].map((r) => [r.orderId, r.status])).toEqual([
      ['o-1001', 'cancelled'],
      ['o-1002', 'created'],
    ]);
    expect(table.quarantined.map((q) => q.sequenceNumber)).toEqual([
      sampleEvent.Records[3].kinesis.sequenceNumber,
      sampleEvent.Records[4].kinesis.sequenceNumber,
    ]);
  });

  it('keeps each customer in order while customers run concurrently', async () => {
    const { table, handler } = ordersHandler();
    const event = kinesisEvent([
      created('o-1', 'c-1'),
      created('o-2', 'c-2'),
      { data: { type: 'order.cancelled', orderId: 'o-1', customerId: 'c-1', reason: 'x' }, partitionKey: 'c-1' },
      created('o-3', 'c-2'),
    ]);

    await handler(event);

    const ofCustomer = (id: string) => table.writes.filter((w) => w.customerId === id).map((w) => `${w.orderId}:${w.status}`);
    expect(ofCustomer('c-1')).toEqual(['o-1:created', 'o-1:cancelled']);
    expect(ofCustomer('c-2')).toEqual(['o-2:created', 'o-3:created']);
  });

  it('reports a write that fails, so Lambda retries from that order', async () => {
    const table = new OrdersTable();
    table.put = () => Promise.reject(new Error('table unavailable'));
    const { handler } = ordersHandler(table);
    const event = kinesisEvent([created('o-1', 'c-1')]);

    const response = await handler(event);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }]);
  });

  it('fails a record whose quarantine write fails, rather than losing it', async () => {
    const table = new OrdersTable();
    table.quarantine = () => Promise.reject(new Error('dead-letter table unavailable'));
    const { handler } = ordersHandler(table);
    const event = kinesisEvent([{ data: 'not json', partitionKey: 'c-1' }]);

    expect((await handler(event)).batchItemFailures).toHaveLength(1);
  });
});
