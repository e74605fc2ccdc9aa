/**
 * Emulates Lambda's Kinesis event source mapping by wiring its parts: it finds the stream's shards,
 * runs a worker per shard (feed, lanes, delivery, checkpoint), reports progress, and stops when asked or drained.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { toError } from './errors.js';
import { Invoker } from './invocation.js';
import { functionArn, parseStreamArn } from './lambda-event.js';
import { guardListener, type Emit, type EventSourceMapping, type RunProgress, type RunSummary, type ShardProgress } from './mapping-events.js';
import { resolveMappingSettings, validateMappingOptions, type EventSourceMappingOptions, type MappingSettings } from './mapping-options.js';
import { createOnFailureFile, type OnFailureRecord } from './on-failure.js';
import { ProgressMeter } from './progress-meter.js';
import { RunControl } from './run-control.js';
import type { OnFailureDestination } from './shard-delivery.js';
import { ShardWorker, type ShardWorkerContext } from './shard-worker.js';
import { describeStream, listShards } from './stream-admin.js';

export { EventSourceMappingConfigError } from './errors.js';
export { StartingPosition } from './starting-position.js';
export { validateMappingOptions, type EventSourceMappingOptions } from './mapping-options.js';
export type { EventSourceMapping, EventSourceMappingEvent, RunCounters, RunProgress, RunSummary, ShardProgress } from './mapping-events.js';

/**
 * Starts an emulation of Lambda's Kinesis event source mapping: it polls every shard of a stream,
 * invokes `handler` with real Kinesis events, one batch in flight per shard (or up to
 * `parallelizationFactor`, in order per partition key) and records in shard order, and applies the
 * result as Lambda does (partial batch responses, retries, bisection, maximum record age, on-failure
 * records, and with `tumblingWindowInSeconds` the window's state and final invocations).
 *
 * The handler runs in this process. A timed-out invocation is reported as failed and retried, but its
 * promise cannot be frozen the way Lambda freezes a sandbox: its side effects may still happen.
 *
 * @example
 * const mapping = startEventSourceMapping({
 *   client: createKinesisClient({ endpoint: local.endpoint }),
 *   streamName: 'orders',
 *   handler,
 *   batchSize: 100,
 *   maximumRetryAttempts: 2,
 *   onFailureFile: '.shardline/failures.jsonl',
 *   tumblingWindowInSeconds: 30,
 *   onEvent: (event) => { if (event.type === 'progress') console.log(event.progress.recordsPerSecond); },
 * });
 * process.once('SIGINT', () => void mapping.stop());
 * const summary = await mapping.done;
 */
export function startEventSourceMapping(options: EventSourceMappingOptions): EventSourceMapping {
  return new Runner(options);
}

/**
 * Runs an event source mapping until it is stopped (by `signal`) or, with `untilDrained`, until every
 * shard is caught up.
 *
 * @example
 * const summary = await runEventSourceMapping({ client, streamName: 'orders', handler, untilDrained: true });
 */
export function runEventSourceMapping(options: EventSourceMappingOptions): Promise<RunSummary> {
  return startEventSourceMapping(options).done;
}

class Runner implements EventSourceMapping {
  readonly done: Promise<RunSummary>;
  private readonly settings: MappingSettings;
  private readonly control = new RunControl();
  private readonly meter = new ProgressMeter();
  private readonly emit: Emit;
  private readonly shards = new Map<string, ShardWorker>();
  private readonly workers = new Map<string, Promise<void>>();
  private drainRequested: boolean;
  private readCounter = 0;
  private drainFromRead = 0;
  private stoppedBy: RunSummary['stoppedBy'] = 'stopped';
  private fatal?: Error;
  private readonly writeOnFailure?: (record: OnFailureRecord) => Promise<void>;

  constructor(private readonly options: EventSourceMappingOptions) {
    validateMappingOptions(options);
    this.settings = resolveMappingSettings(options);
    if (options.onFailureFile !== undefined) this.writeOnFailure = createOnFailureFile(options.onFailureFile);
    this.emit = guardListener(options.onEvent);
    this.drainRequested = options.untilDrained ?? false;
    if (options.signal?.aborted) this.control.stopping = true;
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.done = this.run();
    // Callers that only use stop() must not see an unhandled rejection.
    this.done.catch(() => undefined);
  }

  stop(): Promise<RunSummary> {
    this.control.stop();
    return this.done;
  }

  stopWhenDrained(): Promise<RunSummary> {
    // Records put just before this call may not have been read yet: only later reads can prove a shard empty.
    if (!this.drainRequested) this.drainFromRead = this.readCounter;
    this.drainRequested = true;
    this.checkDrained();
    return this.done;
  }

  progress(): RunProgress {
    return this.meter.snapshot(this.shardProgress());
  }

  private async run(): Promise<RunSummary> {
    const { client, streamName, endpoint } = this.options;
    const info = await describeStream(client, streamName, endpoint);
    const context = await this.workerContext(client, info.streamArn);

    await this.discoverShards(context, true);
    this.emit({ type: 'started', streamName, streamArn: info.streamArn, shardIds: [...this.shards.keys()] });

    const { progressIntervalMs, shardDiscoveryIntervalMs } = this.settings;
    const progressTimer =
      progressIntervalMs > 0
        ? setInterval(() => {
            const progress = this.progress();
            this.meter.nextInterval();
            this.emit({ type: 'progress', progress });
          }, progressIntervalMs)
        : undefined;
    const discoveryTimer = setInterval(() => {
      this.discoverShards(context, false).catch((error) => this.emit({ type: 'warning', message: `listing shards failed: ${(error as Error).message}` }));
    }, shardDiscoveryIntervalMs);
    try {
      this.checkDrained();
      // Workers can be added by discovery while we wait, so wait until none is left running.
      while (this.workers.size > 0 && !this.control.stopping) {
        await Promise.race([...this.workers.values(), this.control.sleep(1_000)]);
      }
      this.control.stop();
      await Promise.all(this.workers.values());
    } finally {
      clearInterval(progressTimer);
      clearInterval(discoveryTimer);
    }
    if (this.fatal !== undefined) throw this.fatal;
    const summary = this.meter.summary({ streamName, streamArn: info.streamArn, stoppedBy: this.stoppedBy, shards: this.shardProgress() });
    this.emit({ type: 'stopped', summary });
    return summary;
  }

  /** Everything the shards' workers share: the function and stream they act for, settings, counters. */
  private async workerContext(client: KinesisClient, streamArn: string): Promise<ShardWorkerContext> {
    const arn = parseStreamArn(streamArn);
    const region = arn?.region ?? (await client.config.region());
    const accountId = arn?.accountId ?? '000000000000';
    const fn = { functionName: this.settings.functionName, region, accountId };
    const source = { streamArn, region, invokeIdentityArn: `arn:aws:iam::${accountId}:role/shardline-local` };
    const { control, emit, settings } = this;
    const { counters } = this.meter;
    return {
      control,
      emit,
      settings,
      counters,
      invoker: new Invoker({ handler: this.options.handler, fn, source, settings, counters, emit }),
      destination: this.onFailureDestination(functionArn(fn), streamArn),
      nextReadId: () => ++this.readCounter,
      checkDrained: () => this.checkDrained(),
      isOpen: (shardId) => this.shards.has(shardId) && this.shards.get(shardId)!.state !== 'closed',
    };
  }

  private onFailureDestination(fnArn: string, streamArn: string): OnFailureDestination {
    const { writeOnFailure } = this;
    const { onFailure } = this.options;
    return {
      functionArn: fnArn,
      streamArn,
      send: async (record) => {
        await writeOnFailure?.(record);
        await onFailure?.(record);
      },
    };
  }

  private async discoverShards(context: ShardWorkerContext, initial: boolean): Promise<void> {
    if (this.control.stopping) return;
    const { client, streamName, endpoint, startingPosition, startingPositionTimestamp } = this.options;
    for (const shard of await listShards(client, streamName, endpoint)) {
      const shardId = shard.ShardId!;
      if (this.shards.has(shardId)) continue;
      const parentIds = [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => id !== undefined);
      // Lambda reads shards that appear later (children of a reshard) from their start.
      const position = initial ? (startingPosition ?? 'TRIM_HORIZON') : 'TRIM_HORIZON';
      const worker = new ShardWorker({ client, streamName, endpoint, shardId, position, timestamp: startingPositionTimestamp }, parentIds, context);
      this.shards.set(shardId, worker);
      const running = worker
        .run()
        .catch((error) => {
          this.fatal ??= toError(error);
          this.control.stop();
        })
        .finally(() => this.workers.delete(shardId));
      this.workers.set(shardId, running);
    }
  }

  private checkDrained(): void {
    if (!this.drainRequested || this.control.stopping || this.shards.size === 0) return;
    for (const worker of this.shards.values()) if (!worker.isIdle(this.drainFromRead)) return;
    this.stoppedBy = 'drained';
    this.emit({ type: 'drained' });
    this.control.stop();
  }

  private shardProgress(): ShardProgress[] {
    const now = Date.now();
    return [...this.shards.values()].map((worker) => worker.progress(now));
  }
}
