/**
 * Payments credited exactly once, however often Lambda delivers them: `@Idempotent` keeps each
 * payment id in a DynamoDB table (Powertools Idempotency's layout: a string hash key `id`, TTL on
 * `expiration`). A batch retried after a failure, or records that `onFailure: 'continue'` ran
 * before Lambda redelivers them, credit nothing twice.
 */
import 'reflect-metadata';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createHandler, OnRecord, StreamHandler, type HandlerOptions } from 'shardline';
import { Idempotent } from 'shardline/idempotency';
import { Ledger } from './ledger';

/** The table, from the function's environment (the CDK construct or template sets it). */
export const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE ?? 'idempotency' });

export interface PaymentCaptured {
  type: 'payment.captured';
  paymentId: string;
  accountId: string;
  amount: number;
}

/** Builds the handler class on a persistence layer, so the tests can point it at a local table. */
export function paymentsOn(store: DynamoDBPersistenceLayer) {
  @StreamHandler()
  class Payments {
    constructor(readonly ledger = new Ledger()) {}

    @OnRecord('payment.captured')
    @Idempotent({ persistenceStore: store, key: 'paymentId', expiresAfterSeconds: 24 * 3600 })
    async captured(payment: PaymentCaptured): Promise<void> {
      await this.ledger.credit(payment.accountId, payment.amount);
    }
  }
  return Payments;
}

export const Payments = paymentsOn(persistenceStore);

/** Keep going past a failed payment: the ones after it are credited now and skipped when Lambda redelivers them. */
export const paymentsOptions: HandlerOptions = { onFailure: 'continue' };

/** The Lambda entrypoint. */
export const handler = createHandler([Payments], paymentsOptions);
