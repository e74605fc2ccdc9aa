/**
 * Idempotent routes end to end: Powertools Idempotency's DynamoDB persistence layer against
 * dynalite (a DynamoDB-compatible server), started here on loopback. Side effects are counted in
 * memory; what is asserted is how often each one happened across deliveries of the same records.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { IdempotencyAlreadyInProgressError, IdempotencyKeyError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHandler, OnPartitionKey, OnRecord, StreamHandler, UseInterceptors, type RecordContext } from 'shardline';
import { Idempotent, idempotent } from 'shardline/idempotency';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { captureLogger, silentLogger } from '../../support/capture-logger';
// dynalite has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;

let server: Server;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** A new idempotency table (the layout Powertools documents: a string hash key named id) and a persistence layer on it. */
async function freshStore(): Promise<{ tableName: string; store: () => DynamoDBPersistenceLayer }> {
  const tableName = `idempotency-${++tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return { tableName, store: () => new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }) };
}

const seq = (event: { Records: Array<{ kinesis: { sequenceNumber: string } }> }, ...indexes: number[]) =>
  indexes.map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber }));

describe('an idempotent route, on DynamoDB', () => {
  it('does not repeat its side effects when Lambda delivers the same batch again', async () => {
    const { store } = await freshStore();
    const charged: string[] = [];
    @StreamHandler()
    class Payments {
      @OnRecord('payment.captured')
      @Idempotent({ persistenceStore: store(), key: 'paymentId' })
      captured(payment: { paymentId: string }) {
        charged.push(payment.paymentId);
      }
    }
    const handler = createHandler([Payments], { logger: silentLogger });
    const event = kinesisEvent(['p-1', 'p-2', 'p-3'].map((paymentId) => ({ data: { type: 'payment.captured', paymentId } })));

    const first = await handler(event, lambdaContext({ remainingTimeMs: 60_000 }));
    const again = await handler(event, lambdaContext({ remainingTimeMs: 60_000 }));

    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(charged).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it("handles once the records after a failure that onFailure 'continue' ran and Lambda redelivers", async () => {
    const { store } = await freshStore();
    const shipped: string[] = [];
    let carrierDown = true;
    @StreamHandler()
    class Shipping {
      @OnPartitionKey(() => true)
      @Idempotent({ persistenceStore: store(), key: 'orderId' })
      ship(order: { orderId: string }) {
        if (order.orderId === 'o-2' && carrierDown) throw new Error('carrier unavailable');
        shipped.push(order.orderId);
      }
    }
    const handler = createHandler([Shipping], { logger: silentLogger, onFailure: 'continue' });
    const event = kinesisEvent(['o-1', 'o-2', 'o-3'].map((orderId) => ({ data: { orderId } })));

    const first = await handler(event);
    carrierDown = false;
    // Lambda checkpoints before the lowest failure and delivers every record after it again.
    const redelivered = { Records: event.Records.slice(1) };
    const second = await handler(redelivered);

    expect(first.batchItemFailures).toEqual(seq(event, 1));
    expect(second.batchItemFailures).toEqual([]);
    expect(shipped).toEqual(['o-1', 'o-3', 'o-2']);
  });

  it('fails a record whose key another invocation has in progress, so Lambda retries it, and the retry finds it done', async () => {
    const { store } = await freshStore();
    const emailed: string[] = [];
    let release: () => void = () => undefined;
    const slowMailer = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const firstEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    @StreamHandler()
    class Mailer {
      @OnRecord('welcome')
      async welcome(message: { userId: string }) {
        entered();
        await slowMailer;
        emailed.push(message.userId);
      }
    }
    // Two containers of one function: each its own handler and persistence layer, one table.
    const containerA = createHandler([Mailer], { logger: silentLogger, interceptors: [idempotent({ persistenceStore: store(), key: 'userId' })] });
    const containerB = createHandler([Mailer], { logger: silentLogger, interceptors: [idempotent({ persistenceStore: store(), key: 'userId' })] });
    const event = kinesisEvent([{ data: { type: 'welcome', userId: 'u-1' } }]);

    const inA = containerA(event, lambdaContext({ remainingTimeMs: 60_000 }));
    await firstEntered;
    const inB = await containerB.processBatch(event, lambdaContext({ remainingTimeMs: 60_000 }));
    release();
    const doneInA = await inA;
    const retryInB = await containerB(event, lambdaContext({ remainingTimeMs: 60_000 }));

    expect(inB.response.batchItemFailures).toEqual(seq(event, 0));
    expect(inB.records[0].error).toBeInstanceOf(IdempotencyAlreadyInProgressError);
    expect(doneInA.batchItemFailures).toEqual([]);
    expect(retryInB.batchItemFailures).toEqual([]);
    expect(emailed).toEqual(['u-1']);
  });

  it('runs again a record whose route threw: a failure leaves no key behind', async () => {
    const { store } = await freshStore();
    let attempts = 0;
    @StreamHandler()
    class Flaky {
      @OnPartitionKey(() => true)
      @Idempotent({ persistenceStore: store(), key: 'id' })
      on() {
        attempts++;
        if (attempts === 1) throw new Error('first attempt fails');
      }
    }
    const handler = createHandler([Flaky], { logger: silentLogger });
    const event = kinesisEvent([{ data: { id: 'x-1' } }]);

    const first = await handler(event);
    const retry = await handler(event);
    const redelivered = await handler(event);

    expect(first.batchItemFailures).toEqual(seq(event, 0));
    expect(retry.batchItemFailures).toEqual([]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(attempts).toBe(2);
  });

  it("is keyed by the record's place in the stream by default: a redelivery is skipped, a producer's duplicate (a new record) is not", async () => {
    const { store } = await freshStore();
    const handled: string[] = [];
    @StreamHandler()
    @UseInterceptors(idempotent({ persistenceStore: store() }))
    class Events {
      @OnPartitionKey(() => true)
      on(_payload: unknown, { record }: RecordContext) {
        handled.push(record.sequenceNumber);
      }
    }
    const handler = createHandler([Events], { logger: silentLogger });
    const event = kinesisEvent([{ data: { id: 'same' } }, { data: { id: 'same' } }]);

    await handler(event);
    await handler(event);

    expect(handled).toEqual(event.Records.map((record) => record.kinesis.sequenceNumber));
  });

  it('keeps two routes keyed alike apart: the same order id in two payload types is two operations', async () => {
    const { store } = await freshStore();
    const calls: string[] = [];
    const once = idempotent({ persistenceStore: store(), key: 'orderId' });
    @StreamHandler()
    @UseInterceptors(once)
    class Orders {
      @OnRecord('order.created')
      created(order: { orderId: string }) {
        calls.push(`created ${order.orderId}`);
      }

      @OnRecord('order.cancelled')
      cancelled(order: { orderId: string }) {
        calls.push(`cancelled ${order.orderId}`);
      }
    }
    const handler = createHandler([Orders], { logger: silentLogger });
    const event = kinesisEvent([{ data: { type: 'order.created', orderId: 'o-1' } }, { data: { type: 'order.cancelled', orderId: 'o-1' } }]);

    await handler(event);
    await handler(event);

    expect(calls).toEqual(['created o-1', 'cancelled o-1']);
  });

  it('runs a record without its key without idempotency and says so, or fails it with requireKey', async () => {
    const { store } = await freshStore();
    let calls = 0;
    @StreamHandler()
    class Lenient {
      @OnPartitionKey(() => true)
      @Idempotent({ persistenceStore: store(), key: 'orderId' })
      on() {
        calls++;
      }
    }
    @StreamHandler()
    class Strict {
      @OnPartitionKey(() => true)
      @Idempotent({ persistenceStore: store(), key: 'orderId', requireKey: true })
      on() {
        calls++;
      }
    }
    const logger = captureLogger();
    const event = kinesisEvent([{ data: { other: 1 } }]);

    await createHandler([Lenient], { logger, batchLog: 'off' })(event);
    await createHandler([Lenient], { logger, batchLog: 'off' })(event);
    const strict = await createHandler([Strict], { logger: silentLogger }).processBatch(event);

    expect(calls).toBe(2);
    expect(logger.entries.map((entry) => [entry.level, entry.message])).toEqual([
      ['warn', 'the record has no idempotency key; it runs without idempotency'],
      ['warn', 'the record has no idempotency key; it runs without idempotency'],
    ]);
    expect(strict.records[0].error).toBeInstanceOf(IdempotencyKeyError);
  });
});
