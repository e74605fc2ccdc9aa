import { bisectBatch } from '../../../src/local/bisect';

describe('bisectBatch', () => {
  it('splits an even batch into two equal halves in order', () => {
    expect(bisectBatch([1, 2, 3, 4])).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('gives the extra record of an odd batch to the first half', () => {
    expect(bisectBatch([1, 2, 3])).toEqual([[1, 2], [3]]);
  });

  it('splits two records into one and one', () => {
    expect(bisectBatch(['a', 'b'])).toEqual([['a'], ['b']]);
  });

  it('refuses to split a single record', () => {
    expect(() => bisectBatch([1])).toThrow(RangeError);
  });

  it('does not change the batch it splits', () => {
    // Prepare
    const batch = [1, 2, 3];

    // Act
    bisectBatch(batch);

    // Assert
    expect(batch).toEqual([1, 2, 3]);
  });
});
