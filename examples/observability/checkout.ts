/** The checkout's side effects, in memory for the example (a real one writes to a database). */
export class PaymentsLedger {
  readonly entries: Array<{ paymentId: string; amount: number }> = [];

  async credit(paymentId: string, amount: number): Promise<void> {
    await Promise.resolve();
    this.entries.push({ paymentId, amount });
  }
}

export interface PaymentCaptured {
  type: 'payment.captured';
  paymentId: string;
  amount: number;
}

export interface PaymentRefunded {
  type: 'payment.refunded';
  paymentId: string;
  amount: number;
}
