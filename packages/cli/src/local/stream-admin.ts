/** Kinesis stream administration for the runner and the CLI: describe, create, list shards, put records, and errors a user can act on. */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { EndpointUnreachableError, PutRecordsError, StreamUnavailableError } from './errors.js';

/**
 * What the runner needs to know about a stream.
 *
 * @example
 * const { streamArn }: StreamInfo = await describeStream(kinesis, 'orders');
 */
export interface StreamInfo {
  streamName: string;
  streamArn: string;
  status: string;
  openShardCount: number;
}

/**
 * Turns an SDK failure into a message a person can act on: unreachable endpoints and missing streams
 * get their own error classes; anything else is returned unchanged.
 *
 * @example
 * try { await kinesis.send(cmd); } catch (e) { throw explainKinesisError(e, 'orders', endpoint); }
 */
export function explainKinesisError(error: unknown, streamName: string | undefined, endpoint: string | undefined): unknown {
  const err = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (err?.name === 'ResourceNotFoundException' && streamName !== undefined) {
    return new StreamUnavailableError(`stream "${streamName}" does not exist${endpoint ? ` on ${endpoint}` : ''}`, streamName, { cause: error });
  }
  if (isNetworkError(error)) {
    return new EndpointUnreachableError(
      `cannot reach the Kinesis endpoint ${endpoint ?? '(AWS default)'}: ${err?.code ?? err?.name ?? 'error'}${err?.message ? ` (${err.message})` : ''}`,
      endpoint,
      { cause: error },
    );
  }
  return error;
}

function isNetworkError(error: unknown): boolean {
  const err = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (err === null || typeof err !== 'object') return false;
  if (err.$metadata?.httpStatusCode !== undefined) return false;
  const text = `${err.code ?? ''} ${err.name ?? ''} ${err.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|TimeoutError|socket hang up|timed? ?out/i.test(text);
}

/**
 * Describes a stream, failing with {@link StreamUnavailableError} when it does not exist and with
 * {@link EndpointUnreachableError} when the endpoint does not answer.
 *
 * @example
 * const { streamArn, openShardCount } = await describeStream(kinesis, 'orders');
 */
export async function describeStream(client: KinesisClient, streamName: string, endpoint?: string): Promise<StreamInfo> {
  try {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    return {
      streamName,
      streamArn: summary?.StreamARN ?? '',
      status: summary?.StreamStatus ?? 'UNKNOWN',
      openShardCount: summary?.OpenShardCount ?? 0,
    };
  } catch (error) {
    throw explainKinesisError(error, streamName, endpoint);
  }
}

/**
 * Waits until a stream is ACTIVE.
 *
 * @example
 * await waitForStreamActive(kinesis, 'orders', 10_000);
 */
export async function waitForStreamActive(client: KinesisClient, streamName: string, timeoutMs: number, endpoint?: string): Promise<StreamInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let info: StreamInfo | undefined;
    try {
      info = await describeStream(client, streamName, endpoint);
    } catch (error) {
      // A stream being created may briefly be unknown to the emulator.
      if (!(error instanceof StreamUnavailableError) || Date.now() >= deadline) throw error;
    }
    if (info?.status === 'ACTIVE') return info;
    if (Date.now() >= deadline) {
      throw new StreamUnavailableError(`stream "${streamName}" is ${info?.status ?? 'missing'}, not ACTIVE, after ${timeoutMs} ms`, streamName);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Creates a stream (or finds it already there) and waits until it is ACTIVE.
 *
 * @example
 * await createStream(kinesis, 'orders', 4);
 */
export async function createStream(client: KinesisClient, streamName: string, shardCount: number, timeoutMs = 30_000, endpoint?: string): Promise<StreamInfo> {
  try {
    await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw explainKinesisError(error, streamName, endpoint);
  }
  return waitForStreamActive(client, streamName, timeoutMs, endpoint);
}

/**
 * Lists every shard of a stream, open and closed, following pagination.
 *
 * @example
 * const shards = await listShards(kinesis, 'orders');
 */
export async function listShards(client: KinesisClient, streamName: string, endpoint?: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(
        nextToken === undefined ? new ListShardsCommand({ StreamName: streamName }) : new ListShardsCommand({ NextToken: nextToken }),
      );
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    throw explainKinesisError(error, streamName, endpoint);
  }
  return shards;
}

/**
 * One record to put.
 *
 * @example
 * const record: PutRecordInput = { partitionKey: 'customer-1', data: JSON.stringify(order) };
 */
export interface PutRecordInput {
  partitionKey: string;
  data: Uint8Array | string;
  explicitHashKey?: string;
}

/**
 * Where a put record landed.
 *
 * @example
 * const [{ shardId, sequenceNumber }]: PutRecordResult[] = await putRecords(kinesis, 'orders', records);
 */
export interface PutRecordResult {
  shardId: string;
  sequenceNumber: string;
}

/**
 * Options of {@link putRecords}.
 *
 * @example
 * await putRecords(kinesis, 'orders', records, { onProgress: (n, total) => console.log(`${n}/${total}`) } satisfies PutRecordsOptions);
 */
export interface PutRecordsOptions {
  /** Times a throttled or failed entry is retried. Default 5. */
  maxRetries?: number;
  endpoint?: string;
  /** Called after each PutRecords call with the count written so far. */
  onProgress?: (written: number, total: number) => void;
}

const MAX_ENTRIES_PER_CALL = 500;
const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;

/**
 * Puts records in order, in as few PutRecords calls as the API limits allow (500 entries, 5 MiB),
 * retrying entries the service rejected. Results are in input order.
 *
 * Entries are sent one chunk at a time, and a chunk's failed entries are retried before the next
 * chunk, so records of one partition key keep their order on the shard unless an entry in the middle
 * of a chunk is throttled (as with the real API).
 *
 * @example
 * await putRecords(kinesis, 'orders', [{ partitionKey: 'c-1', data: JSON.stringify(order) }]);
 */
export async function putRecords(
  client: KinesisClient,
  streamName: string,
  records: ReadonlyArray<PutRecordInput>,
  options: PutRecordsOptions = {},
): Promise<PutRecordResult[]> {
  const results = new Array<PutRecordResult>(records.length);
  const maxRetries = options.maxRetries ?? 5;
  let start = 0;
  while (start < records.length) {
    let end = start;
    let bytes = 0;
    while (end < records.length && end - start < MAX_ENTRIES_PER_CALL) {
      const size = byteLength(records[end].data) + Buffer.byteLength(records[end].partitionKey);
      if (end > start && bytes + size > MAX_BYTES_PER_CALL) break;
      bytes += size;
      end++;
    }
    let pending = range(start, end);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const entries: PutRecordsRequestEntry[] = pending.map((i) => {
        const { partitionKey, data, explicitHashKey } = records[i];
        return { PartitionKey: partitionKey, Data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data, ExplicitHashKey: explicitHashKey };
      });
      let response;
      try {
        response = await client.send(new PutRecordsCommand({ StreamName: streamName, Records: entries }));
      } catch (error) {
        throw explainKinesisError(error, streamName, options.endpoint);
      }
      const failed: number[] = [];
      (response.Records ?? []).forEach((entry, k) => {
        if (entry.ErrorCode || !entry.SequenceNumber || !entry.ShardId) failed.push(pending[k]);
        else results[pending[k]] = { shardId: entry.ShardId, sequenceNumber: entry.SequenceNumber };
      });
      if (failed.length > 0 && attempt >= maxRetries) {
        throw new PutRecordsError(`${failed.length} records were rejected after ${maxRetries} retries`, failed.length);
      }
      pending = failed;
      if (failed.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
    start = end;
    options.onProgress?.(start, records.length);
  }
  return results;
}

function byteLength(data: Uint8Array | string): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
