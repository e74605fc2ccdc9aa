import { advanceCheckpoint, ShardCheckpoint } from '../../../src/local/shard-checkpoint';

const records = (...sequenceNumbers: string[]) => sequenceNumbers.map((sequenceNumber) => ({ sequenceNumber }));

describe('advanceCheckpoint', () => {
  it('passes every record of a prefix that is done', () => {
    expect(advanceCheckpoint(['1', '2', '3'], new Set(['1', '2', '3']), 0)).toBe(3);
  });

  it('stops at the first record not done, even when later records are', () => {
    // Prepare: lane B processed 4 while lane A still retries 3.
    const done = new Set(['1', '2', '4']);

    // Act
    const passed = advanceCheckpoint(['1', '2', '3', '4'], done, 0);

    // Assert
    expect(passed).toBe(2);
  });

  it('goes on from where the checkpoint is', () => {
    expect(advanceCheckpoint(['1', '2', '3', '4'], new Set(['3']), 2)).toBe(3);
  });

  it('does not move when the record right after the checkpoint is not done', () => {
    expect(advanceCheckpoint(['1', '2'], new Set(['2']), 0)).toBe(0);
  });
});

describe('ShardCheckpoint', () => {
  it('has no checkpoint before any record is done', () => {
    // Prepare
    const books = new ShardCheckpoint();

    // Act
    books.read(records('1', '2'));

    // Assert
    expect(books.checkpoint).toBeUndefined();
    expect(books.held).toBe(2);
  });

  it('holds the checkpoint of the whole shard behind a record one lane still retries', () => {
    // Prepare
    const books = new ShardCheckpoint();
    books.read(records('1', '2', '3', '4', '5'));

    // Act: lane A is done with 1 and fails on 3; lane B is done with 2, 4 and 5.
    books.done(records('1'));
    books.done(records('2', '4', '5'));

    // Assert
    expect(books.checkpoint).toBe('2');
    expect(books.held).toBe(3);
  });

  it('jumps past every record done meanwhile once the record holding it is done', () => {
    // Prepare
    const books = new ShardCheckpoint();
    books.read(records('1', '2', '3', '4', '5'));
    books.done(records('1', '2', '4', '5'));

    // Act: the retried record succeeds, or is discarded to the on-failure destination.
    books.done(records('3'));

    // Assert
    expect(books.checkpoint).toBe('5');
    expect(books.held).toBe(0);
  });

  it('keeps the checkpoint right across many reads and compactions', () => {
    // Prepare: 5,000 records read in chunks, finished in an order where each chunk's first record comes last.
    const books = new ShardCheckpoint();
    const all = Array.from({ length: 5_000 }, (_, i) => String(i + 1));
    for (let chunk = 0; chunk < 50; chunk++) books.read(records(...all.slice(chunk * 100, chunk * 100 + 100)));

    // Act
    for (let chunk = 0; chunk < 50; chunk++) {
      const slice = all.slice(chunk * 100, chunk * 100 + 100);
      books.done(records(...slice.slice(1)));
      expect(books.checkpoint).toBe(chunk === 0 ? undefined : String(chunk * 100));
      books.done(records(slice[0]));
    }

    // Assert
    expect(books.checkpoint).toBe('5000');
    expect(books.held).toBe(0);
  });
});
