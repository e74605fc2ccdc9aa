/**
 * `shardline routes` on a handler with a tumbling window: the window methods after the routes, with
 * their state class, and which routes the window folds.
 */
import { runCli } from './cli-harness';

const REVENUE = 'examples/windowed-revenue/handler.ts';

describe('shardline routes on a windowed handler', () => {
  it('prints the window methods after the routes, and says which routes they fold', async () => {
    const result = await runCli(['routes', REVENUE]);

    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(/\s{2,}/));
    expect(rows).toEqual([
      ['1', 'record', 'order.paid', '-', 'OrderPaid', 'json', 'WindowedRevenue.paid (folded by WindowedRevenue.add)'],
      ['2', 'record', 'order.refunded', '-', 'OrderRefunded', 'json', 'WindowedRevenue.refunded (folded by WindowedRevenue.add)'],
      ['3', 'invalid', '-', '-', '-', 'json', 'WindowedRevenue.quarantine (folded by WindowedRevenue.add)'],
      ['4', 'window-reduce', '-', '-', 'RevenueTotals', '-', 'WindowedRevenue.add'],
      ['5', 'window-end', '-', '-', 'RevenueTotals', '-', 'WindowedRevenue.close'],
    ]);
  });

  it('gives them in --json as handler.routes has them', async () => {
    const result = await runCli(['routes', REVENUE, '--json']);

    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { routes: unknown[] }).routes.slice(3)).toEqual([
      { kind: 'window-reduce', handler: 'WindowedRevenue', method: 'add', state: 'RevenueTotals', codec: 'none' },
      { kind: 'window-end', handler: 'WindowedRevenue', method: 'close', state: 'RevenueTotals', codec: 'none' },
    ]);
  });
});
