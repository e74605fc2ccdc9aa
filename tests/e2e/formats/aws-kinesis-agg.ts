/**
 * Aggregates written by aws-kinesis-agg, the KPL aggregation library AWS publishes (a dev
 * dependency): real KPL bytes that shardline did not produce itself.
 */

interface AwsKinesisAgg {
  aggregate(
    records: Array<{ partitionKey: string; data: Buffer; explicitHashKey?: string }>,
    onEncoded: (encoded: { partitionKey: string; data: Buffer }, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error) => void,
  ): void;
}

// Its typings import 'aws-sdk' v2 and '@types/aws-lambda', which this project does not install.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const agg: AwsKinesisAgg = require('aws-kinesis-agg');

/**
 * A user record for `aggregate`. Pitfalls of aws-kinesis-agg to keep in mind: it refuses an empty
 * partition key, and it builds its key tables with `Object.keys`, so keys that look like array
 * indexes (`'7'`, or explicit hash keys below 2^32) are reordered and records point at the wrong key.
 */
export interface AggUserRecord {
  partitionKey: string;
  data: Buffer | string;
  explicitHashKey?: string;
}

/** One KPL aggregate of `records`, as aws-kinesis-agg's `aggregate` writes it. */
export function aggregate(records: readonly AggUserRecord[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoded: Buffer[] = [];
    agg.aggregate(
      // It mutates its input (string data becomes a Buffer), hence the copies.
      records.map((record) => ({ ...record, data: Buffer.from(record.data) })),
      (aggregateRecord, done) => {
        encoded.push(aggregateRecord.data);
        done();
      },
      () => (encoded.length === 1 ? resolve(encoded[0]) : reject(new Error(`expected one aggregate, got ${encoded.length}`))),
      reject,
    );
  });
}
