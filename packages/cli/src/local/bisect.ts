/**
 * Splits a failed batch in two, as `BisectBatchOnFunctionError` does. The first half is retried
 * first, so records keep their shard order; it gets the extra record when the size is odd.
 *
 * @throws RangeError when the batch has fewer than two records (nothing left to split).
 * @example
 * bisectBatch([1, 2, 3]); // [[1, 2], [3]]
 */
export function bisectBatch<T>(records: ReadonlyArray<T>): [T[], T[]] {
  if (records.length < 2) throw new RangeError(`cannot bisect a batch of ${records.length} record(s)`);
  const middle = Math.ceil(records.length / 2);
  return [records.slice(0, middle), records.slice(middle)];
}
