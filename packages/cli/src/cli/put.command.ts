import { createKinesisClient } from '../local/kinesis-client.js';
import { describeStream, putRecords, type PutRecordInput } from '../local/stream-admin.js';
import { aggregateRecords } from 'shardline/testing';
import type { PutArgs } from './args.js';
import { toJson, type Io } from './output.js';
import { parseRecordLines, readInputFile, type RecordLine } from './records-file.js';

/** Kinesis accepts 1 MiB per record; leave room for the partition key and the aggregate's framing. */
const MAX_AGGREGATE_BYTES = 1_000_000;

/**
 * `shardline put <stream> --file records.jsonl`: puts records in file order, optionally as KPL aggregates.
 *
 * @example
 * await putCommand({ stream: 'orders', file: 'records.jsonl', endpoint: 'http://127.0.0.1:4568', json: false,
 *   aggregate: false, aggregateSize: 100 }, processIo);
 */
export async function putCommand(args: PutArgs, io: Io): Promise<number> {
  const lines = parseRecordLines(readInputFile(args.file), args.file);
  const client = createKinesisClient({ endpoint: args.endpoint, region: args.region, maxAttempts: 2 });
  try {
    await describeStream(client, args.stream, args.endpoint);
    const entries = args.aggregate ? aggregate(lines, args.aggregateSize) : lines.map(toEntry);
    const results = await putRecords(client, args.stream, entries, { endpoint: args.endpoint });
    const shards: Record<string, number> = {};
    for (const result of results) shards[result.shardId] = (shards[result.shardId] ?? 0) + 1;
    if (args.json) {
      io.out(toJson({ stream: args.stream, records: lines.length, kinesisRecords: results.length, aggregated: args.aggregate, shards }));
    } else {
      const what = args.aggregate ? `${lines.length} records as ${results.length} KPL aggregates` : `${lines.length} records`;
      io.out(
        `put ${what} to ${args.stream}: ${Object.entries(shards)
          .map(([shard, count]) => `${shard} ${count}`)
          .join(', ')}`,
      );
    }
    return 0;
  } finally {
    client.destroy();
  }
}

function toEntry(line: RecordLine): PutRecordInput {
  return { partitionKey: line.partitionKey, data: line.data, ...(line.explicitHashKey !== undefined ? { explicitHashKey: line.explicitHashKey } : {}) };
}

/**
 * Groups records into aggregates of one partition key (and explicit hash key) each, in file order, so
 * an aggregate lands on the shard its records would have gone to and each key keeps its order.
 */
function aggregate(lines: ReadonlyArray<RecordLine>, size: number): PutRecordInput[] {
  const groups = new Map<string, RecordLine[][]>();
  for (const line of lines) {
    const key = `${line.partitionKey}\u0000${line.explicitHashKey ?? ''}`;
    const chunks = groups.get(key) ?? [[]];
    let current = chunks[chunks.length - 1];
    const bytes = current.reduce((sum, record) => sum + record.data.byteLength + 16, 0);
    if (current.length >= size || (current.length > 0 && bytes + line.data.byteLength > MAX_AGGREGATE_BYTES)) {
      current = [];
      chunks.push(current);
    }
    current.push(line);
    groups.set(key, chunks);
  }
  const entries: PutRecordInput[] = [];
  for (const chunks of groups.values()) {
    for (const chunk of chunks) {
      entries.push({
        partitionKey: chunk[0].partitionKey,
        data: aggregateRecords(chunk.map(toEntry)),
        ...(chunk[0].explicitHashKey !== undefined ? { explicitHashKey: chunk[0].explicitHashKey } : {}),
      });
    }
  }
  return entries;
}
