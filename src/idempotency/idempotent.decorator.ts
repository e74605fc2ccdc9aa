import { UseInterceptors } from '../decorators/use-interceptors.decorator.js';
import { idempotent, type IdempotentOptions } from './idempotent.interceptor.js';

/**
 * Makes a route (on a method) or every route of a class (on the class) idempotent: a record whose
 * key was already handled completes without running the route again. Short for
 * `@UseInterceptors(idempotent(options))`.
 *
 * @example
 * import { Idempotent } from 'shardline/idempotency';
 *
 * \@StreamHandler()
 * class Payments {
 *   \@OnRecord(PaymentCaptured)
 *   \@Idempotent({ persistenceStore, key: 'paymentId' })
 *   async captured(payment: PaymentCaptured) {
 *     await ledger.credit(payment.accountId, payment.amount);
 *   }
 * }
 */
export function Idempotent(options: IdempotentOptions): ClassDecorator & MethodDecorator {
  return UseInterceptors(idempotent(options));
}
