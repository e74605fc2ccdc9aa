import { shortSequence, table, toJson } from '../../../src/cli/output';
import { readRoutes } from '../../../src/cli/routes.command';

describe('table', () => {
  it('aligns columns and does not pad the last one', () => {
    expect(
      table([
        ['KIND', 'METHOD'],
        ['record', 'Orders.created'],
        ['invalid', 'Orders.quarantine'],
      ]),
    ).toBe(['KIND     METHOD', 'record   Orders.created', 'invalid  Orders.quarantine'].join('\n'));
  });
});

describe('toJson', () => {
  it('writes errors as name and message, and BigInt as a string', () => {
    expect(toJson({ error: new TypeError('bad'), n: 12n })).toBe('{"error":{"name":"TypeError","message":"bad"},"n":"12"}');
  });
});

describe('shortSequence', () => {
  it('keeps the tail of a long sequence number and short ones whole', () => {
    expect([shortSequence('49590338271490256608559692538361571095921575989136588898'), shortSequence('42')]).toEqual(['…5989136588898', '42']);
  });
});

describe('readRoutes', () => {
  it('reads the route table of a shardline handler and nothing from a plain function', () => {
    // Prepare
    const shardline = Object.assign(() => Promise.resolve(undefined), { routes: [{ kind: 'record', handler: 'Orders', method: 'created', codec: 'json' }] });

    // Act / Assert
    expect(readRoutes(shardline)).toHaveLength(1);
    expect(readRoutes(() => Promise.resolve(undefined))).toBeUndefined();
    expect(readRoutes({ routes: [] })).toBeUndefined();
  });
});
