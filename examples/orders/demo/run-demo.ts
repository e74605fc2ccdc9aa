import 'reflect-metadata';
import { createHandler } from 'shardline';
import { createKinesisClient, putRecords, startEventSourceMapping, startLocalKinesis, type RunProgress, type RunSummary } from '@shardline/cli';
import { Orders, ordersOptions } from '../handler';
import { audit, type AuditResult, type PutRecord } from './audit';
import { FlakyOrdersTable } from './flaky-orders-table';
import { generateOrders } from './generate-orders';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  records: number;
  customers: number;
  shards: number;
  batchSize: number;
  /** Milliseconds between polls of an idle shard. */
  pollIntervalMs: number;
  seed: number;
  signal?: AbortSignal;
  /** Progress lines and phases; silent when absent. */
  log?: (line: string) => void;
}

/** Everything the demo measured. */
export interface DemoResult extends AuditResult {
  put: number;
  invalid: number;
  transientFailures: number;
  runner: RunSummary;
  startMs: number;
  totalMs: number;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The orders example end to end on an embedded Kinesis: generate, put, consume with Lambda's
 * semantics until drained, and audit what the handler wrote against what was put.
 *
 * @example
 * const result = await runDemo({ records: 10_000, customers: 300, shards: 4, batchSize: 100, pollIntervalMs: 200, seed: 7 });
 * result.lost; // 0
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const generated = generateOrders({ records: options.records, customers: options.customers, invalidEvery: 997, flakyEvery: 499, seed: options.seed });
  const table = new FlakyOrdersTable(new Set(generated.filter((r) => r.flaky && r.eventId).map((r) => r.eventId!)));
  // The example's own handler class and options; only the table differs, and logs are kept quiet.
  const handler = createHandler([new Orders(table)], { ...ordersOptions, logger: silent });

  const streamName = 'orders';
  const local = await startLocalKinesis({ streams: [{ name: streamName, shards: options.shards }], signal: options.signal });
  const client = createKinesisClient({ endpoint: local.endpoint });
  const startMs = Date.now() - started;
  log(`embedded Kinesis up in ${(startMs / 1000).toFixed(1)} s on ${local.endpoint}; stream "${streamName}" with ${options.shards} shards`);
  try {
    const mapping = startEventSourceMapping({
      client,
      streamName,
      handler,
      batchSize: options.batchSize,
      pollIntervalMs: options.pollIntervalMs,
      timeoutSeconds: 30,
      signal: options.signal,
      onEvent: (event) => {
        if (event.type === 'progress') log(progressLine(event.progress));
      },
    });
    log(`putting ${generated.length} order events for ${options.customers} customers while the runner consumes them...`);
    const results = await putRecords(client, streamName, generated, { endpoint: local.endpoint });
    const put: PutRecord[] = generated.map((record, i) => ({ ...record, sequenceNumber: results[i].sequenceNumber }));
    log(`put ${put.length} records in ${((Date.now() - started - startMs) / 1000).toFixed(1)} s; running until every shard is drained`);
    const runner = await mapping.stopWhenDrained();
    return {
      ...audit(put, table.writes, table.quarantined),
      put: put.length,
      invalid: put.filter((record) => record.eventId === undefined).length,
      transientFailures: table.failures,
      runner,
      startMs,
      totalMs: Date.now() - started,
    };
  } finally {
    client.destroy();
    await local.stop();
  }
}

function progressLine(progress: RunProgress): string {
  const lag = progress.shards.map((shard) => `${shard.iteratorAgeMs}ms`).join('/');
  return `  ${String(progress.recordsPerSecond).padStart(6)} rec/s  processed ${String(progress.recordsProcessed).padStart(6)}  retries ${progress.retries}  iterator age per shard ${lag}`;
}
