/** Account balances, in memory for the example. Accounts listed in `unavailable` cannot be credited, as in an outage of their bank. */
export class Ledger {
  readonly balances = new Map<string, number>();
  readonly credits: string[] = [];
  readonly unavailable = new Set<string>();

  async credit(accountId: string, amount: number): Promise<void> {
    await Promise.resolve();
    if (this.unavailable.has(accountId)) throw new Error(`the bank of ${accountId} is unavailable`);
    this.balances.set(accountId, (this.balances.get(accountId) ?? 0) + amount);
    this.credits.push(accountId);
  }
}
