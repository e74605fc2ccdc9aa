import { TypeIndex } from '../../../src/routing/route-table';

describe('TypeIndex', () => {
  it.each([3, 8, 9, 40])('finds the bucket of each of %i types, and none for a type it does not hold', (count) => {
    const index = new TypeIndex();
    const types = Array.from({ length: count }, (_, i) => `order.type-${i}`);
    const buckets = types.map((type) => index.bucket(type));

    // Types as a payload would carry them: equal strings, not the same string objects.
    const found = types.map((type) => index.find(JSON.parse(JSON.stringify(type)) as string));

    expect(found).toEqual(buckets);
    found.forEach((bucket, i) => expect(bucket).toBe(buckets[i]));
    expect(index.find('order.type-unknown')).toBeUndefined();
    expect(index.find('')).toBeUndefined();
  });

  it('gives the same bucket for a type it already holds', () => {
    const index = new TypeIndex();

    expect(index.bucket('a')).toBe(index.bucket('a'));
  });
});
