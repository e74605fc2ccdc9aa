import { laneOf } from '../../../src/local/partition-lanes';

describe('laneOf', () => {
  it('sends every record of a partition key to the same lane', () => {
    expect(new Set(Array.from({ length: 20 }, () => laneOf('customer-42', 10))).size).toBe(1);
  });

  it('uses only the lanes there are', () => {
    const lanes = Array.from({ length: 1_000 }, (_, i) => laneOf(`key-${i}`, 7));

    expect(Math.min(...lanes)).toBe(0);
    expect(Math.max(...lanes)).toBe(6);
  });

  it('spreads many keys over every lane', () => {
    // Prepare
    const counts = new Array<number>(10).fill(0);

    // Act
    for (let i = 0; i < 10_000; i++) counts[laneOf(`key-${i}`, 10)]++;

    // Assert: an even spread is 1,000 a lane; MD5 keeps every lane well within a third of it.
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(333);
  });

  it('has a single lane without a parallelization factor', () => {
    expect(laneOf('anything', 1)).toBe(0);
  });
});
