/**
 * Which of a shard's concurrent batches (its lanes, under a parallelization factor) a record joins: a
 * hash of its partition key, so every record of a key goes through the same lane, in shard order.
 */
import { createHash } from 'node:crypto';

/**
 * The lane, from 0 to `lanes - 1`, of the records with `partitionKey`. Lambda does not document its
 * hash; any stable one keeps each key's order, and MD5 is what Kinesis itself maps partition keys with.
 *
 * @example
 * laneOf('customer-42', 4); // always the same lane for customer-42, whatever the record
 */
export function laneOf(partitionKey: string, lanes: number): number {
  if (lanes <= 1) return 0;
  return createHash('md5').update(partitionKey, 'utf8').digest().readUInt32BE(0) % lanes;
}
