/**
 * aws-kinesis-agg, the KPL aggregation library AWS publishes (a dev dependency), as the reference
 * the tests hold shardline's KPL encoder and decoder against: real KPL bytes that shardline did
 * not produce itself, and an independent decoder.
 */

/** A user record as `aggregate` takes it. */
export interface AggUserRecord {
  partitionKey: string;
  data: Uint8Array | string;
  explicitHashKey?: string;
}

/** A user record as `deaggregateSync` hands it back (data re-encoded as base64). */
export interface ReferenceUserRecord {
  partitionKey: string;
  explicitPartitionKey?: string;
  subSequenceNumber: number;
  data: string;
}

interface AwsKinesisAgg {
  aggregate(
    records: Array<{ partitionKey: string; data: Buffer; explicitHashKey?: string }>,
    onEncoded: (encoded: { partitionKey: string; data: Buffer }, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error) => void,
  ): void;
  deaggregateSync(
    record: { data: string; partitionKey: string; sequenceNumber: string },
    computeChecksums: boolean,
    callback: (error: Error | null | undefined, records?: ReferenceUserRecord[]) => void,
  ): void;
}

// Its typings import 'aws-sdk' v2 and '@types/aws-lambda', which this project does not install.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const agg = require('aws-kinesis-agg') as AwsKinesisAgg;

/**
 * One KPL aggregate of `records`, as aws-kinesis-agg's `aggregate` writes it. Pitfalls of
 * aws-kinesis-agg to keep in mind: it refuses an empty partition key, and it builds its key tables
 * with `Object.keys`, so keys that look like array indexes (`'7'`, or explicit hash keys below
 * 2^32) are reordered and records point at the wrong key.
 */
export function aggregate(records: readonly AggUserRecord[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoded: Buffer[] = [];
    agg.aggregate(
      // It mutates its input (string data becomes a Buffer), hence the copies.
      records.map(({ partitionKey, data, explicitHashKey }) => ({
        partitionKey,
        data: Buffer.from(data),
        ...(explicitHashKey === undefined ? {} : { explicitHashKey }),
      })),
      (aggregateRecord, done) => {
        encoded.push(aggregateRecord.data);
        done();
      },
      () => (encoded.length === 1 ? resolve(encoded[0]) : reject(new Error(`expected one aggregate, got ${encoded.length}`))),
      reject,
    );
  });
}

/** The user records of an aggregate, as aws-kinesis-agg's `deaggregateSync` reads them (MD5 checked). */
export function deaggregate(bytes: Buffer): ReferenceUserRecord[] {
  let result: ReferenceUserRecord[] | undefined;
  agg.deaggregateSync({ data: bytes.toString('base64'), partitionKey: 'outer', sequenceNumber: '1' }, true, (error, records) => {
    if (error) throw error;
    result = records;
  });
  if (result === undefined) throw new Error('deaggregateSync did not call back');
  return result;
}
