/** The on-failure record Lambda writes for discarded Kinesis records, and the JSON lines file that collects them locally. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Why records were discarded, with the names Lambda uses.
 *
 * @example
 * if (record.requestContext.condition === DiscardCondition.RecordAgeExceeded) alertOnLag();
 */
export const DiscardCondition = {
  RetryAttemptsExhausted: 'RetryAttemptsExhausted',
  RecordAgeExceeded: 'RecordAgeExceeded',
} as const;
/**
 * One of {@link DiscardCondition}.
 *
 * @example
 * const condition: DiscardCondition = 'RetryAttemptsExhausted';
 */
export type DiscardCondition = (typeof DiscardCondition)[keyof typeof DiscardCondition];

/**
 * The invocation record Lambda sends to a Kinesis mapping's on-failure destination: metadata that
 * locates the discarded records on the shard, not the records themselves.
 *
 * @example
 * const line = JSON.parse(readFileSync('failures.jsonl', 'utf8').split('\n')[0]) as OnFailureRecord;
 * line.KinesisBatchInfo.startSequenceNumber;
 */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DiscardCondition;
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: string;
    functionError?: string;
  };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/**
 * What {@link buildOnFailureRecord} needs.
 *
 * @example
 * const input: OnFailureInput = { requestId, functionArn, condition: 'RecordAgeExceeded', approximateInvokeCount: 0,
 *   shardId, streamArn, records };
 */
export interface OnFailureInput {
  requestId: string;
  functionArn: string;
  condition: DiscardCondition;
  approximateInvokeCount: number;
  /** Whether the last invocation ended in a function error (thrown, timed out, invalid response). */
  lastFunctionError?: 'Unhandled' | undefined;
  shardId: string;
  streamArn: string;
  records: ReadonlyArray<{ sequenceNumber: string; approximateArrivalTimestamp: Date }>;
  now?: Date;
}

/**
 * Builds the on-failure record for discarded records (contiguous on one shard).
 *
 * @example
 * const record = buildOnFailureRecord({ requestId, functionArn, condition: 'RetryAttemptsExhausted',
 *   approximateInvokeCount: 3, shardId, streamArn, records });
 */
export function buildOnFailureRecord(input: OnFailureInput): OnFailureRecord {
  const first = input.records[0];
  const last = input.records[input.records.length - 1];
  return {
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(input.lastFunctionError ? { functionError: input.lastFunctionError } : {}),
    },
    version: '1.0',
    timestamp: (input.now ?? new Date()).toISOString(),
    KinesisBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: first.approximateArrivalTimestamp.toISOString(),
      approximateArrivalOfLastRecord: last.approximateArrivalTimestamp.toISOString(),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}

/**
 * Appends on-failure records to a JSON lines file, one line each, in the order they happen.
 *
 * @example
 * const sink = createOnFailureFile('.shardline/failures.jsonl');
 * await sink(record);
 */
export function createOnFailureFile(path: string): (record: OnFailureRecord) => Promise<void> {
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  return (record) => {
    chain = chain.then(() => appendFile(path, `${JSON.stringify(record)}\n`, 'utf8'));
    return chain;
  };
}
