import type { PartitionKeyMatcher } from '../metadata/definitions.js';

/**
 * Whether `partitionKey` matches `matcher`: the same string, a pattern that matches, or a
 * predicate that returns true. The pure function behind `@OnPartitionKey`.
 *
 * @example
 * matchPartitionKey(/^audit-/, 'audit-42'); // true
 * matchPartitionKey('eu', 'eu-west');       // false: a string matches exactly
 */
export function matchPartitionKey(matcher: PartitionKeyMatcher, partitionKey: string): boolean {
  if (typeof matcher === 'string') return matcher === partitionKey;
  if (matcher instanceof RegExp) {
    // A global or sticky pattern keeps lastIndex between calls; reset it so every test starts at 0.
    matcher.lastIndex = 0;
    return matcher.test(partitionKey);
  }
  return matcher(partitionKey) === true;
}

/**
 * A matcher compiled for the hot path: patterns lose their `g`/`y` flags so `test` has no state.
 *
 * @example
 * const test = compilePartitionKeyMatcher(/^audit-/g);
 * test('audit-1'); test('audit-1'); // true both times
 */
export function compilePartitionKeyMatcher(matcher: PartitionKeyMatcher): (partitionKey: string) => boolean {
  if (typeof matcher === 'string') return (key) => key === matcher;
  if (matcher instanceof RegExp) {
    const pattern = new RegExp(matcher.source, matcher.flags.replace(/[gy]/g, ''));
    return (key) => pattern.test(key);
  }
  return (key) => matcher(key) === true;
}

/** How a matcher reads in a route table: `"eu-1"`, `/^audit-/`, or `predicate isAudit`. */
export function describePartitionKeyMatcher(matcher: PartitionKeyMatcher): string {
  if (typeof matcher === 'string') return JSON.stringify(matcher);
  if (matcher instanceof RegExp) return String(matcher);
  return `predicate ${matcher.name || '(anonymous)'}`;
}
