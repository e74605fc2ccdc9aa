import type { Currency } from './payloads';

/**
 * Stands in for an exchange-rate service: euros per unit of a currency. A real one is a network
 * call, which can fail; the handler's routes make it, so a failure fails only its record.
 */
export class RatesClient {
  private readonly rates: Record<Currency, number> = { EUR: 1, USD: 0.92, GBP: 1.17 };

  async toEuroCents(amount: number, currency: Currency): Promise<number> {
    await Promise.resolve();
    return Math.round(amount * this.rates[currency]);
  }
}
