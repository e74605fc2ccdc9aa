import { IsInt, Min } from 'class-validator';

/**
 * The state of a revenue window, in euro cents. Lambda opens every window with `{}`, which
 * class-transformer turns into this class with the initial values below; it is validated before
 * each invocation hands it back.
 */
export class RevenueTotals {
  @IsInt() @Min(0) paidCents = 0;
  @IsInt() @Min(0) refundedCents = 0;
  @IsInt() @Min(0) payments = 0;
  @IsInt() @Min(0) refunds = 0;

  get netCents(): number {
    return this.paidCents - this.refundedCents;
  }
}

/** What one record adds to the window: a payment or a refund, converted to euro cents. */
export interface Movement {
  readonly kind: 'paid' | 'refunded';
  readonly cents: number;
}
