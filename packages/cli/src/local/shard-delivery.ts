/**
 * Delivers a shard's batches one at a time until every record is checkpointed or discarded: it invokes,
 * applies the retry policy (retry, bisect, discard by attempts or age) and keeps the shard's checkpoint.
 */
import { randomUUID } from 'node:crypto';
import type { Invoker } from './invocation.js';
import type { ShardRecord } from './lambda-event.js';
import type { Emit, RunCounters } from './mapping-events.js';
import type { MappingSettings } from './mapping-options.js';
import { buildOnFailureRecord, DiscardCondition, type OnFailureRecord } from './on-failure.js';
import { countExpired, decideAfterInvocation, freshSegment, type Segment } from './retry-policy.js';
import type { RunControl } from './run-control.js';

/** Where discarded records are reported, and the ARNs their on-failure records name. */
export interface OnFailureDestination {
  functionArn: string;
  streamArn: string;
  send(record: OnFailureRecord): Promise<void>;
}

/** What a delivery needs from the run around it. */
export interface DeliveryContext {
  control: RunControl;
  emit: Emit;
  counters: RunCounters;
  settings: Pick<MappingSettings, 'maxRetries' | 'bisectOnFunctionError' | 'maxAgeMs' | 'retryDelayMs'>;
  invoker: Invoker;
  destination: OnFailureDestination;
}

/** The delivery of one shard's batches, and its books: checkpoint, counts, records in flight. */
export class ShardDelivery {
  /** Last checkpointed (processed or discarded) sequence number. */
  checkpoint?: string;
  recordsProcessed = 0;
  recordsDiscarded = 0;
  invocations = 0;
  /** Records of the current batch not yet checkpointed or discarded. */
  inFlight = 0;
  /** Arrival time of the oldest record handed to an invocation and not yet checkpointed. */
  oldestInFlight?: Date;

  constructor(
    private readonly shardId: string,
    private readonly context: DeliveryContext,
  ) {}

  /** Delivers one batch until every record of it is checkpointed or discarded (or the run stops). */
  async deliver(batch: ShardRecord[]): Promise<void> {
    this.inFlight = batch.length;
    this.oldestInFlight = batch[0].approximateArrivalTimestamp;
    await this.process(batch);
    this.inFlight = 0;
    this.oldestInFlight = undefined;
  }

  private async process(batch: ShardRecord[]): Promise<void> {
    const { control, counters, emit, settings, invoker } = this.context;
    const queue: Segment<ShardRecord>[] = [freshSegment(batch)];
    let delivered = 0;
    while (queue.length > 0) {
      let segment = queue[0];
      this.oldestInFlight = segment.records[0]?.approximateArrivalTimestamp;
      const expired = countExpired(segment.records, settings.maxAgeMs, Date.now());
      if (expired > 0) {
        await this.discard(segment, segment.records.slice(0, expired), DiscardCondition.RecordAgeExceeded);
        segment = queue[0] = { ...segment, records: segment.records.slice(expired) };
        if (segment.records.length === 0) {
          queue.shift();
          continue;
        }
      }
      // A stop between retries leaves the rest unprocessed; like a disabled mapping, nothing is checkpointed.
      if (control.stopping && delivered > 0) return;

      // A handler that only awaits microtasks, retried forever, would otherwise starve timers and signals (Ctrl-C included).
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.invocations++;
      const redelivery = delivered > 0 || segment.failedInvocations > 0;
      const { requestId, verdict } = await invoker.invoke(this.shardId, segment.records, segment.failedInvocations + 1, redelivery);
      delivered += segment.records.length;
      if (verdict.kind === 'success') counters.batchesSucceeded++;
      if (verdict.kind === 'partial') counters.partialFailures++;

      const { checkpoint, next } = decideAfterInvocation({ ...segment, lastRequestId: requestId }, verdict, settings);
      this.commit(segment.records.slice(0, checkpoint));
      switch (next.kind) {
        case 'done':
          queue.shift();
          break;
        case 'bisect':
          counters.bisections++;
          emit({ type: 'bisect', shardId: this.shardId, sizes: [next.halves[0].records.length, next.halves[1].records.length] });
          queue.splice(0, 1, ...next.halves);
          break;
        case 'discard':
          await this.discard(next.segment, next.segment.records, DiscardCondition.RetryAttemptsExhausted);
          queue.shift();
          break;
        case 'retry':
          queue[0] = next.segment;
          if (control.stopping) return;
          counters.retries++;
          await control.sleep(settings.retryDelayMs);
          emit({ type: 'retry', shardId: this.shardId, records: next.segment.records.length, attempt: next.segment.failedInvocations + 1 });
          break;
      }
    }
  }

  private commit(records: ReadonlyArray<ShardRecord>): void {
    if (records.length === 0) return;
    this.checkpoint = records[records.length - 1].sequenceNumber;
    this.recordsProcessed += records.length;
    this.context.counters.recordsProcessed += records.length;
    this.inFlight = Math.max(0, this.inFlight - records.length);
  }

  private async discard(segment: Segment<ShardRecord>, records: ReadonlyArray<ShardRecord>, condition: DiscardCondition): Promise<void> {
    const { counters, destination } = this.context;
    const onFailure = buildOnFailureRecord({
      requestId: segment.lastRequestId ?? randomUUID(),
      functionArn: destination.functionArn,
      condition,
      approximateInvokeCount: segment.failedInvocations,
      lastFunctionError: segment.lastFunctionError ? 'Unhandled' : undefined,
      shardId: this.shardId,
      streamArn: destination.streamArn,
      records,
    });
    this.checkpoint = records[records.length - 1].sequenceNumber;
    this.recordsDiscarded += records.length;
    this.inFlight = Math.max(0, this.inFlight - records.length);
    counters.recordsDiscarded += records.length;
    counters.onFailureRecords++;
    this.context.emit({ type: 'discarded', shardId: this.shardId, condition, records: records.length, onFailure });
    await destination.send(onFailure);
  }
}
