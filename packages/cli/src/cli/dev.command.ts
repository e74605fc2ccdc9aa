import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { startEventSourceMapping, type EventSourceMappingEvent, type RunProgress, type RunSummary } from '../local/event-source-mapping.js';
import { createKinesisClient } from '../local/kinesis-client.js';
import { startLocalKinesis, type LocalKinesis } from '../local/local-kinesis.js';
import { describeStream, putRecords } from '../local/stream-admin.js';
import type { KinesisLambdaHandler } from '../local/types.js';
import type { DevArgs } from './args.js';
import { loadHandler } from './load-module.js';
import { table, toJson, type Io } from './output.js';
import { readableHandlerOutput } from './readable-output.js';
import { parseRecordLines, readInputFile, type RecordLine } from './records-file.js';

/**
 * `shardline dev <module>`: runs the handler against a stream with Lambda's event source mapping
 * semantics until Ctrl-C (or, with `--until-drained`, until every shard is caught up).
 *
 * @param signal aborted on Ctrl-C; the command then stops gracefully and returns 130.
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const code = await devCommand(args, processIo, controller.signal);
 */
export async function devCommand(args: DevArgs, io: Io, signal: AbortSignal): Promise<number> {
  // Everything that can be wrong with the input is checked before anything is started.
  const handler = loadHandler(args.module, args.exportName) as KinesisLambdaHandler;
  const toPut = args.putFile !== undefined ? parseRecordLines(readInputFile(args.putFile), args.putFile) : undefined;
  const say = (text: string) => {
    if (!args.json) io.err(text);
  };

  let local: LocalKinesis | undefined;
  let client: KinesisClient | undefined;
  // With --json, stdout is the CLI's JSON and handler output already goes to stderr as written.
  const restoreStdout = args.json ? undefined : readableHandlerOutput();
  try {
    let endpoint = args.endpoint;
    if (endpoint === undefined) {
      say(`starting the embedded Kinesis (kinesis-local)...`);
      try {
        local = await startLocalKinesis({ streams: [{ name: args.stream, shards: args.shards }], region: args.region, signal });
      } catch (error) {
        // Ctrl-C while the emulator starts is a stop, not a failure.
        if (signal.aborted) return 130;
        throw error;
      }
      endpoint = local.endpoint;
      say(`embedded Kinesis on ${endpoint}, stream "${args.stream}" with ${args.shards} shard(s)`);
      say(`put records with: shardline put ${args.stream} --endpoint ${endpoint} --file records.jsonl`);
      if (args.json) io.out(toJson({ type: 'endpoint', endpoint, stream: args.stream, shards: args.shards, pid: local.pid }));
    }
    if (signal.aborted) return 130;
    client = createKinesisClient({ endpoint, region: args.region ?? local?.region });
    await describeStream(client, args.stream, endpoint);

    const printer = new ProgressPrinter(io, args);
    const mapping = startEventSourceMapping({
      client,
      streamName: args.stream,
      handler,
      endpoint,
      functionName: args.module.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''),
      batchSize: args.batchSize,
      batchingWindowSeconds: args.batchingWindowSeconds,
      startingPosition: args.startingPosition,
      startingPositionTimestamp: args.startingPositionTimestamp,
      timeoutSeconds: args.timeoutSeconds,
      maximumRetryAttempts: args.maximumRetryAttempts,
      maximumRecordAgeSeconds: args.maximumRecordAgeSeconds,
      bisectBatchOnFunctionError: args.bisectBatchOnFunctionError,
      reportBatchItemFailures: args.reportBatchItemFailures,
      tumblingWindowInSeconds: args.tumblingWindowSeconds,
      parallelizationFactor: args.parallelizationFactor,
      onFailureFile: args.onFailureFile,
      pollIntervalMs: args.pollIntervalMs,
      // With records to put, draining only makes sense once they are in the stream.
      untilDrained: args.untilDrained && toPut === undefined,
      signal,
      onEvent: (event) => printer.onEvent(event),
    });
    if (toPut !== undefined) {
      await putAfterStart(client, args.stream, toPut, endpoint, printer.started);
      say(`put ${toPut.length} record(s) from ${args.putFile}`);
      if (args.untilDrained) void mapping.stopWhenDrained();
    }
    const summary = await mapping.done;
    printer.summary(summary);
    return signal.aborted ? 130 : 0;
  } finally {
    restoreStdout?.();
    client?.destroy();
    await local?.stop();
  }
}

async function putAfterStart(client: KinesisClient, stream: string, records: RecordLine[], endpoint: string, started: Promise<void>): Promise<void> {
  await started;
  await putRecords(
    client,
    stream,
    records.map((line) => ({
      partitionKey: line.partitionKey,
      data: line.data,
      ...(line.explicitHashKey !== undefined ? { explicitHashKey: line.explicitHashKey } : {}),
    })),
    { endpoint },
  );
}

/** Turns mapping events into progress lines (stderr) or JSON lines (stdout). */
class ProgressPrinter {
  readonly started: Promise<void>;
  private markStarted: () => void = () => undefined;

  constructor(
    private readonly io: Io,
    private readonly args: DevArgs,
  ) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  onEvent(event: EventSourceMappingEvent): void {
    if (event.type === 'started') this.markStarted();
    if (this.args.json) {
      if (event.type !== 'stopped') this.io.out(toJson(event));
      return;
    }
    switch (event.type) {
      case 'started':
        this.io.err(`polling ${event.shardIds.length} shard(s) of ${event.streamArn}${mappingShape(this.args)}`);
        break;
      case 'window-closed':
        if (!this.args.quiet) {
          this.io.err(
            `${event.shardId}: window ${event.window.start} to ${event.window.end} ${event.terminatedEarly ? 'terminated early' : 'closed'}, state ${clip(JSON.stringify(event.state))}`,
          );
        }
        break;
      case 'progress':
        if (!this.args.quiet) this.io.err(progressLine(event.progress));
        break;
      case 'batch-failed':
        if (event.window !== undefined && event.batchSize === 0) {
          this.io.err(`${event.shardId}: final invocation of window ${event.window.start} to ${event.window.end} failed (${event.reason}): ${event.message}`);
        } else {
          this.io.err(`${event.shardId}: batch of ${event.batchSize} failed (${event.reason}): ${event.message}`);
        }
        break;
      case 'bisect':
        this.io.err(`${event.shardId}: bisecting the failed batch into ${event.sizes[0]} + ${event.sizes[1]}`);
        break;
      case 'discarded':
        this.io.err(
          `${event.shardId}: ${event.records} record(s) discarded (${event.condition}) after ${event.onFailure.requestContext.approximateInvokeCount} invocation(s): ` +
            `${event.onFailure.KinesisBatchInfo.startSequenceNumber}..${event.onFailure.KinesisBatchInfo.endSequenceNumber}` +
            (this.args.onFailureFile ? `, written to ${this.args.onFailureFile}` : ''),
        );
        break;
      case 'warning':
        this.io.err(`warning${event.shardId ? ` (${event.shardId})` : ''}: ${event.message}`);
        break;
      case 'drained':
        this.io.err('every shard is caught up: stopping');
        break;
      default:
        break;
    }
  }

  summary(summary: RunSummary): void {
    if (this.args.json) {
      this.io.out(toJson({ type: 'summary', summary }));
      return;
    }
    const windows = `${this.args.tumblingWindowSeconds} s: ${summary.windowsClosed} window(s) closed (${summary.windowsTerminatedEarly} terminated early)`;
    this.io.out(
      [
        `stopped (${summary.stoppedBy}) after ${(summary.elapsedMs / 1000).toFixed(1)} s`,
        table([
          ['records processed', String(summary.recordsProcessed)],
          ['records delivered', `${summary.recordsDelivered} (${summary.recordsRedelivered} redelivered)`],
          [
            'invocations',
            `${summary.invocations} (${summary.batchesSucceeded} succeeded, ${summary.partialFailures} partial, ${summary.functionErrors} errors, ${summary.timeouts} timeouts, ${summary.invalidResponses} invalid responses)`,
          ],
          ['retries', `${summary.retries} (${summary.bisections} bisections)`],
          ['records discarded', `${summary.recordsDiscarded} (${summary.onFailureRecords} on-failure records)`],
          ...(summary.ignoredItemFailures > 0 ? [['reported failures ignored', String(summary.ignoredItemFailures)]] : []),
          ...(this.args.tumblingWindowSeconds > 0 ? [['tumbling window', windows]] : []),
          ...(this.args.parallelizationFactor > 1 ? [['parallelization factor', `${this.args.parallelizationFactor} batches per shard at once`]] : []),
        ]),
        table([
          ['SHARD', 'PROCESSED', 'DISCARDED', 'INVOCATIONS', 'CHECKPOINT'],
          ...summary.shards.map((shard) => [
            shard.shardId,
            String(shard.recordsProcessed),
            String(shard.recordsDiscarded),
            String(shard.invocations),
            shard.checkpoint ?? '-',
          ]),
        ]),
      ].join('\n'),
    );
  }
}

function progressLine(progress: RunProgress): string {
  const lag = progress.shards.map((shard) => `#${Number(shard.shardId.split('-').pop())} ${formatLag(shard.iteratorAgeMs)}`).join(' ');
  return (
    `${progress.recordsPerSecond} rec/s | processed ${progress.recordsProcessed} | failures ${progress.functionErrors + progress.partialFailures + progress.timeouts + progress.invalidResponses}` +
    ` | retries ${progress.retries} | discarded ${progress.recordsDiscarded} | lag ${lag}`
  );
}

/** How the mapping differs from one batch at a time per shard, for the line that says polling started. */
function mappingShape(args: DevArgs): string {
  if (args.tumblingWindowSeconds > 0) return `, tumbling window ${args.tumblingWindowSeconds} s`;
  if (args.parallelizationFactor > 1) return `, ${args.parallelizationFactor} batches per shard at once`;
  return '';
}

// A window's state can be up to 1 MB: a progress line shows its start.
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function formatLag(ms: number): string {
  return ms < 1_000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}
