/** Stands in for a pager or a chat webhook: the alarms the handler raised, in order. */
export class AlarmSink {
  readonly alarms: Array<{ logGroup: string; at: number; line: string }> = [];

  async raise(logGroup: string, at: number, line: string): Promise<void> {
    await Promise.resolve();
    this.alarms.push({ logGroup, at, line });
  }
}
