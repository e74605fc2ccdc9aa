import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jsonLines, runCli } from '../cli/cli-harness';

/** `shardline dev` with a tumbling window or a parallelization factor, as a user runs it: a child process with its own kinesis-local. */
describe('shardline dev with the scale-out and window settings', () => {
  let dir: string;
  const handler = resolve(__dirname, 'fixtures/window-sum.handler.ts');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shardline-dev-windows-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function writeRecords(name: string, count: number): string {
    const file = join(dir, name);
    writeFileSync(file, Array.from({ length: count }, (_, n) => JSON.stringify({ partitionKey: `k${n % 7}`, data: { n } })).join('\n'));
    return file;
  }

  it('closes every window with a final invocation whose state adds up every record put, with --tumbling-window', async () => {
    // Prepare
    const file = writeRecords('window.jsonl', 120);

    // Act
    const result = await runCli([
      'dev',
      handler,
      '--tumbling-window',
      '1',
      '--shards',
      '2',
      '--batch-size',
      '10',
      '--put',
      file,
      '--until-drained',
      '--poll-interval',
      '50',
      '--json',
    ]);

    // Assert
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    const closed = events.filter((event) => event.type === 'window-closed');
    expect(closed.reduce((total, event) => total + (event.state as { sum: number }).sum, 0)).toBe((119 * 120) / 2);
    expect(closed.reduce((total, event) => total + (event.state as { count: number }).count, 0)).toBe(120);
    expect(
      events.filter((event) => event.type === 'invoke').every((event) => typeof (event.window as { start?: unknown } | undefined)?.start === 'string'),
    ).toBe(true);
    expect(events.find((event) => event.type === 'summary')!.summary).toMatchObject({
      recordsProcessed: 120,
      windowsClosed: closed.length,
      windowsTerminatedEarly: 0,
    });
  });

  it('runs examples/windowed-revenue under --tumbling-window: the windows it closes add up to every valid order movement put', async () => {
    // Prepare: payments and refunds of 12 customers in three currencies, and one record that is not an order movement.
    const currencies = ['EUR', 'USD', 'GBP'] as const;
    const euros = { EUR: 1, USD: 0.92, GBP: 1.17 };
    const movements = Array.from({ length: 90 }, (_, n) => ({
      type: n % 10 === 3 ? 'order.refunded' : 'order.paid',
      orderId: `o-${n}`,
      customerId: `c-${n % 12}`,
      amount: 100 + ((n * 37) % 900),
      currency: currencies[n % 3],
    }));
    const lines = movements.map((data) => JSON.stringify({ partitionKey: data.customerId, data }));
    lines.splice(40, 0, JSON.stringify({ partitionKey: 'c-0', data: 'not an order' }));
    const file = join(dir, 'revenue.jsonl');
    writeFileSync(file, lines.join('\n'));
    const cents = (kind: string) => movements.filter((m) => m.type === kind).reduce((total, m) => total + Math.round(m.amount * euros[m.currency]), 0);
    const example = resolve(__dirname, '../../../../../examples/windowed-revenue/handler.ts');

    // Act
    const result = await runCli([
      'dev',
      example,
      '--tumbling-window',
      '1',
      '--shards',
      '2',
      '--put',
      file,
      '--until-drained',
      '--poll-interval',
      '50',
      '--json',
    ]);

    // Assert
    expect(result.code).toBe(0);
    const closed = jsonLines(result.stdout).filter((event) => event.type === 'window-closed');
    const total = (field: string) => closed.reduce((sum, event) => sum + (event.state as Record<string, number>)[field], 0);
    expect({ paidCents: total('paidCents'), payments: total('payments'), refundedCents: total('refundedCents'), refunds: total('refunds') }).toEqual({
      paidCents: cents('order.paid'),
      payments: 81,
      refundedCents: cents('order.refunded'),
      refunds: 9,
    });
  });

  it('says in its summary how many batches of a shard ran at once, with --parallelization-factor', async () => {
    // Prepare
    const file = writeRecords('parallel.jsonl', 60);

    // Act
    const result = await runCli([
      'dev',
      handler,
      '--parallelization-factor',
      '3',
      '--batch-size',
      '5',
      '--put',
      file,
      '--until-drained',
      '--poll-interval',
      '50',
      '--quiet',
    ]);

    // Assert
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/polling 1 shard\(s\) of arn:aws:kinesis:\S+, 3 batches per shard at once/);
    expect(result.stdout).toMatch(/records processed\s+60\b/);
    expect(result.stdout).toMatch(/parallelization factor\s+3 batches per shard at once/);
  });
});
