import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { paymentsOn, paymentsOptions } from './handler';
import { Ledger } from './ledger';

// A DynamoDB-compatible server on loopback, for the idempotency table. It has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs: number }) => Server;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let server: Server;
let client: DynamoDBClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(
    new CreateTableCommand({
      TableName: 'idempotency',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function payments() {
  const ledger = new Ledger();
  const Payments = paymentsOn(new DynamoDBPersistenceLayer({ tableName: 'idempotency', awsSdkV3Client: client }));
  return { ledger, handler: createHandler([new Payments(ledger)], { ...paymentsOptions, logger: silent }) };
}

const captured = (paymentId: string, accountId: string, amount: number) => ({
  data: { type: 'payment.captured', paymentId, accountId, amount },
  partitionKey: accountId,
});

describe('payments credited once', () => {
  it('credits a payment once when the same batch comes again', async () => {
    const { ledger, handler } = payments();
    const event = kinesisEvent([captured('pay-1', 'acct-1', 50), captured('pay-2', 'acct-2', 20)]);

    await handler(event);
    await handler(event);

    expect(Object.fromEntries(ledger.balances)).toEqual({ 'acct-1': 50, 'acct-2': 20 });
  });

  it('credits once the payments that came after a failed one, when Lambda redelivers from the failure', async () => {
    const { ledger, handler } = payments();
    const event = kinesisEvent([captured('pay-10', 'acct-1', 5), captured('pay-11', 'acct-2', 7), captured('pay-12', 'acct-3', 9)]);
    ledger.unavailable.add('acct-2');

    const first = await handler(event);
    ledger.unavailable.clear();
    const second = await handler({ Records: event.Records.slice(1) });

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1].kinesis.sequenceNumber }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(ledger.credits).toEqual(['acct-1', 'acct-3', 'acct-2']);
  });
});
