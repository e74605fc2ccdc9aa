/**
 * A checkout consumer an operator can see into: Powertools Logger plugged in as it is, X-Ray
 * tracing through the Powertools Tracer and CloudWatch metrics in embedded metric format (no
 * dependency), both from `shardline/observability`, the batch line, and an interceptor that warns
 * about slow records. From CloudWatch alone: which route fails (Records by Route and Outcome), how
 * slow it is (RecordDuration percentiles), how far behind the function is (OldestRecordAge).
 */
import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { createHandler, OnRecord, StreamHandler, type HandlerOptions, type Interceptor, type RecordContext } from 'shardline';
import { cloudWatchMetrics, xrayTracing } from 'shardline/observability';
import { PaymentsLedger, type PaymentCaptured, type PaymentRefunded } from './checkout';

/**
 * Times each route call and warns when one takes longer than `thresholdMs`: the line carries the
 * request, the shard and the record (context.logger adds them), so the slow record can be found.
 */
export function warnWhenSlow(thresholdMs: number, now: () => number = Date.now): Interceptor {
  return async ({ context, route }, next) => {
    const started = now();
    try {
      return await next();
    } finally {
      const ms = now() - started;
      if (ms > thresholdMs) context.logger.warn('slow record', { route: `${route.handler}.${route.method}`, ms });
    }
  };
}

@StreamHandler()
export class Checkout {
  constructor(readonly ledger = new PaymentsLedger()) {}

  @OnRecord('payment.captured')
  async captured(payment: PaymentCaptured, { logger }: RecordContext): Promise<void> {
    await this.ledger.credit(payment.paymentId, payment.amount);
    logger.info('payment credited', { paymentId: payment.paymentId });
  }

  @OnRecord('payment.refunded')
  async refunded(refund: PaymentRefunded, { logger }: RecordContext): Promise<void> {
    if (refund.amount <= 0) throw new Error('a refund must be positive');
    await this.ledger.credit(refund.paymentId, -refund.amount);
    logger.info('payment refunded', { paymentId: refund.paymentId });
  }
}

/** Everything an operator needs, in one place; the tests use the same options with their own sinks. */
export function checkoutOptions(overrides: Partial<HandlerOptions> = {}): HandlerOptions {
  return {
    logger: new Logger({ serviceName: 'checkout' }),
    metrics: cloudWatchMetrics({ namespace: 'Checkout', dimensions: { service: 'checkout' } }),
    tracing: xrayTracing(new Tracer({ serviceName: 'checkout' })),
    batchLog: 'info',
    interceptors: [warnWhenSlow(1_000)],
    onFailure: 'continue',
    ...overrides,
  };
}

/** The Lambda entrypoint. */
export const handler = createHandler([new Checkout()], checkoutOptions());
