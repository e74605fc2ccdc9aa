import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { listShards } from '../../../src';

/** A record as the stream holds it, read back independently of the runner. */
export interface StoredRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  arrival: Date;
  data: Uint8Array;
}

/**
 * Reads every record of a stream from its start with plain GetRecords calls: the oracle tests compare
 * the runner against (arrival times included, which only Kinesis decides).
 */
export async function readBack(client: KinesisClient, streamName: string): Promise<StoredRecord[]> {
  const stored: StoredRecord[] = [];
  for (const shard of await listShards(client, streamName)) {
    const shardId = shard.ShardId!;
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    while (iterator !== undefined) {
      const response = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of response.Records ?? []) {
        stored.push({
          shardId,
          sequenceNumber: record.SequenceNumber!,
          partitionKey: record.PartitionKey!,
          arrival: record.ApproximateArrivalTimestamp!,
          data: record.Data!,
        });
      }
      if ((response.Records ?? []).length === 0 && (response.MillisBehindLatest ?? 0) === 0) break;
      iterator = response.NextShardIterator ?? undefined;
    }
  }
  return stored;
}
