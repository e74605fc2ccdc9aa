import { readErrorAction } from '../../../src/local/shard-reader';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('readErrorAction', () => {
  it('retries a throttled read after a backoff that doubles with each failure in a row', () => {
    // Act
    const delays = [1, 2, 3].map((count) => readErrorAction(named('ProvisionedThroughputExceededException'), count));

    // Assert
    expect(delays).toEqual([
      { kind: 'retry', reopenIterator: false, delayMs: 200 },
      { kind: 'retry', reopenIterator: false, delayMs: 400 },
      { kind: 'retry', reopenIterator: false, delayMs: 800 },
    ]);
  });

  it('waits at most five seconds between retries', () => {
    expect(readErrorAction(named('InternalFailure'), 7)).toEqual({ kind: 'retry', reopenIterator: false, delayMs: 5_000 });
  });

  it('gets a fresh iterator after an expired one', () => {
    expect(readErrorAction(named('ExpiredIteratorException'), 1)).toMatchObject({ kind: 'retry', reopenIterator: true });
  });

  it('gives up after eight failed reads in a row', () => {
    expect(readErrorAction(named('ProvisionedThroughputExceededException'), 8)).toEqual({ kind: 'fail' });
  });

  it.each(['ResourceNotFoundException', 'InvalidArgumentException', 'AccessDeniedException'])('gives up at once on %s, which retrying cannot heal', (name) => {
    expect(readErrorAction(named(name), 1)).toEqual({ kind: 'fail' });
  });

  it('retries a failure that carries no name', () => {
    expect(readErrorAction(undefined, 1)).toMatchObject({ kind: 'retry' });
  });
});
