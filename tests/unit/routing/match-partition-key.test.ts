import { matchPartitionKey } from 'shardline';
import { compilePartitionKeyMatcher, describePartitionKeyMatcher } from '../../../src/routing/match-partition-key';

describe('matchPartitionKey', () => {
  it('matches a string exactly, not as a prefix', () => {
    expect(matchPartitionKey('eu', 'eu')).toBe(true);
    expect(matchPartitionKey('eu', 'eu-west')).toBe(false);
  });

  it('matches a pattern anywhere it matches', () => {
    expect(matchPartitionKey(/^audit-\d+$/, 'audit-42')).toBe(true);
    expect(matchPartitionKey(/^audit-\d+$/, 'audit-x')).toBe(false);
  });

  it('gives the same answer twice for a global pattern, despite its lastIndex', () => {
    const pattern = /audit/g;
    expect([matchPartitionKey(pattern, 'audit'), matchPartitionKey(pattern, 'audit')]).toEqual([true, true]);
  });

  it('counts only a true predicate result as a match', () => {
    expect(matchPartitionKey((key) => key.length > 2, 'abc')).toBe(true);
    expect(matchPartitionKey((() => 'yes') as never, 'abc')).toBe(false);
  });
});

describe('compilePartitionKeyMatcher', () => {
  it('strips the global and sticky flags so a compiled pattern has no state', () => {
    const test = compilePartitionKeyMatcher(/a/gy);
    expect([test('a'), test('a'), test('ba')]).toEqual([true, true, true]);
  });

  it('keeps other flags such as case-insensitivity', () => {
    expect(compilePartitionKeyMatcher(/^vip/i)('VIP-1')).toBe(true);
  });
});

describe('describePartitionKeyMatcher', () => {
  it('describes strings, patterns and named predicates', () => {
    function isAudit(key: string) {
      return key.startsWith('audit');
    }
    expect([describePartitionKeyMatcher('k'), describePartitionKeyMatcher(/^a/), describePartitionKeyMatcher(isAudit)]).toEqual([
      '"k"',
      '/^a/',
      'predicate isAudit',
    ]);
  });
});
