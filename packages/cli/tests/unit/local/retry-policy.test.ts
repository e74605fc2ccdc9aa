import { countExpired, decideAfterInvocation, freshSegment, type RetryPolicy, type Segment } from '../../../src/local/retry-policy';

const unlimited: RetryPolicy = { maxRetries: -1, bisectOnFunctionError: false };

function segment(records: string[], failedInvocations = 0, lastFunctionError = false): Segment<string> {
  return { records, failedInvocations, lastFunctionError, lastRequestId: 'request-1' };
}

describe('decideAfterInvocation', () => {
  it('checkpoints every record of a successful invocation and is done', () => {
    expect(decideAfterInvocation(segment(['a', 'b', 'c'], 2), { kind: 'success' }, unlimited)).toEqual({ checkpoint: 3, next: { kind: 'done' } });
  });

  it('checkpoints the records before the failed one and retries from it', () => {
    // Act
    const decision = decideAfterInvocation(segment(['a', 'b', 'c', 'd']), { kind: 'partial', failedIndex: 2 }, unlimited);

    // Assert
    expect(decision.checkpoint).toBe(2);
    expect(decision.next).toEqual({
      kind: 'retry',
      segment: { records: ['c', 'd'], failedInvocations: 1, lastFunctionError: false, lastRequestId: 'request-1' },
    });
  });

  it('restarts the retry count at one when a partial response moved the checkpoint', () => {
    const decision = decideAfterInvocation(segment(['a', 'b', 'c'], 5), { kind: 'partial', failedIndex: 1 }, unlimited);

    expect(decision.next).toMatchObject({ kind: 'retry', segment: { failedInvocations: 1 } });
  });

  it('counts another failure of the same head record when a partial response fails the first record', () => {
    const decision = decideAfterInvocation(segment(['a', 'b'], 2), { kind: 'partial', failedIndex: 0 }, unlimited);

    expect(decision).toMatchObject({ checkpoint: 0, next: { kind: 'retry', segment: { records: ['a', 'b'], failedInvocations: 3 } } });
  });

  it('retries the whole segment after a function error and marks it as a function error', () => {
    const decision = decideAfterInvocation(segment(['a', 'b']), { kind: 'failed' }, unlimited);

    expect(decision).toEqual({
      checkpoint: 0,
      next: { kind: 'retry', segment: { records: ['a', 'b'], failedInvocations: 1, lastFunctionError: true, lastRequestId: 'request-1' } },
    });
  });

  it('clears the function error mark when the next failure is a partial response', () => {
    const decision = decideAfterInvocation(segment(['a', 'b'], 1, true), { kind: 'partial', failedIndex: 1 }, unlimited);

    expect(decision.next).toMatchObject({ kind: 'retry', segment: { lastFunctionError: false } });
  });

  it('bisects a failed segment into two fresh halves when bisection is on, without counting a retry', () => {
    // Prepare
    const policy: RetryPolicy = { maxRetries: 0, bisectOnFunctionError: true };

    // Act
    const decision = decideAfterInvocation(segment(['a', 'b', 'c'], 0), { kind: 'failed' }, policy);

    // Assert
    expect(decision).toEqual({ checkpoint: 0, next: { kind: 'bisect', halves: [freshSegment(['a', 'b']), freshSegment(['c'])] } });
  });

  it('does not bisect a partial failure', () => {
    const decision = decideAfterInvocation(segment(['a', 'b', 'c']), { kind: 'partial', failedIndex: 1 }, { maxRetries: -1, bisectOnFunctionError: true });

    expect(decision.next.kind).toBe('retry');
  });

  it('retries a single failed record instead of bisecting it', () => {
    const decision = decideAfterInvocation(segment(['a']), { kind: 'failed' }, { maxRetries: -1, bisectOnFunctionError: true });

    expect(decision.next).toMatchObject({ kind: 'retry', segment: { records: ['a'], failedInvocations: 1 } });
  });

  it('discards what is left once the head record failed more often than the maximum retry attempts allow', () => {
    // Prepare: two retries allowed, and the head record failed twice already.
    const policy: RetryPolicy = { maxRetries: 2, bisectOnFunctionError: false };

    // Act
    const decision = decideAfterInvocation(segment(['a', 'b'], 2), { kind: 'failed' }, policy);

    // Assert
    expect(decision.next).toEqual({
      kind: 'discard',
      segment: { records: ['a', 'b'], failedInvocations: 3, lastFunctionError: true, lastRequestId: 'request-1' },
    });
  });

  it('still retries while the head record has retries left', () => {
    const decision = decideAfterInvocation(segment(['a'], 1), { kind: 'failed' }, { maxRetries: 2, bisectOnFunctionError: false });

    expect(decision.next.kind).toBe('retry');
  });

  it('discards after the first failure with zero retry attempts', () => {
    const decision = decideAfterInvocation(segment(['a', 'b']), { kind: 'partial', failedIndex: 1 }, { maxRetries: 0, bisectOnFunctionError: false });

    expect(decision).toMatchObject({ checkpoint: 1, next: { kind: 'discard', segment: { records: ['b'], failedInvocations: 1 } } });
  });

  it('never discards with unlimited retry attempts', () => {
    const decision = decideAfterInvocation(segment(['a'], 10_000), { kind: 'failed' }, unlimited);

    expect(decision.next.kind).toBe('retry');
  });

  it('does not change the segment it decides on', () => {
    // Prepare
    const original = segment(['a', 'b', 'c'], 1);
    const copy = structuredClone(original);

    // Act
    decideAfterInvocation(original, { kind: 'partial', failedIndex: 1 }, unlimited);

    // Assert
    expect(original).toEqual(copy);
  });
});

describe('countExpired', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const arrivedSecondsAgo = (...ages: number[]) => ages.map((age) => ({ approximateArrivalTimestamp: new Date(now - age * 1000) }));

  it('counts the records at the front that are older than the maximum age', () => {
    expect(countExpired(arrivedSecondsAgo(90, 70, 30, 10), 60_000, now)).toBe(2);
  });

  it('stops counting at the first record young enough, as records come in shard order', () => {
    expect(countExpired(arrivedSecondsAgo(90, 10, 90), 60_000, now)).toBe(1);
  });

  it('counts every record when all are too old', () => {
    expect(countExpired(arrivedSecondsAgo(90, 80), 60_000, now)).toBe(2);
  });

  it('keeps a record exactly as old as the maximum age', () => {
    expect(countExpired(arrivedSecondsAgo(60), 60_000, now)).toBe(0);
  });

  it('never counts a record with a negative maximum age (no limit)', () => {
    expect(countExpired(arrivedSecondsAgo(1_000_000), -1_000, now)).toBe(0);
  });

  it('counts nothing in an empty segment', () => {
    expect(countExpired([], 60_000, now)).toBe(0);
  });
});
