/**
 * Delivers one lane's batches, one at a time, until every record is processed or discarded: it invokes
 * (with the tumbling window's state when there is one), applies the retry policy (retry, bisect, discard
 * by attempts or age), tells the shard's checkpoint what is done, and runs windows' final invocations.
 */
import { randomUUID } from 'node:crypto';
import type { Invoker } from './invocation.js';
import type { ShardRecord } from './lambda-event.js';
import type { Emit, RunCounters } from './mapping-events.js';
import type { MappingSettings } from './mapping-options.js';
import { buildOnFailureRecord, DiscardCondition, type OnFailureRecord } from './on-failure.js';
import { countExpired, decideAfterInvocation, freshSegment, type Segment } from './retry-policy.js';
import type { RunControl } from './run-control.js';
import type { ShardCheckpoint } from './shard-checkpoint.js';
import { formatWindow, type OpenWindow } from './tumbling-window.js';

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

/** The delivery of one lane's batches, and its books: counts, records in flight. */
export class ShardDelivery {
  recordsProcessed = 0;
  recordsDiscarded = 0;
  invocations = 0;
  /** Records of the current batch not yet checkpointed or discarded. */
  inFlight = 0;
  /** Arrival time of the oldest record handed to an invocation and not yet checkpointed. */
  oldestInFlight?: Date;

  /** @param books the shard's checkpoint, told about every record this lane is done with. */
  constructor(
    private readonly shardId: string,
    private readonly context: DeliveryContext,
    private readonly books: ShardCheckpoint,
  ) {}

  /**
   * Delivers one batch until every record of it is processed or discarded (or the run stops). With a
   * tumbling window, each invocation gets the window's state and a valid response replaces it.
   */
  async deliver(batch: ShardRecord[], window?: OpenWindow): Promise<void> {
    this.inFlight = batch.length;
    this.oldestInFlight = batch[0].approximateArrivalTimestamp;
    await this.process(batch, window);
    this.inFlight = 0;
    this.oldestInFlight = undefined;
  }

  /**
   * Runs a window's final invocation (no records, `isFinalInvokeForWindow`), again after every failure
   * as Lambda does ("suspends further processing until a successful invocation"), until it succeeds or
   * the run stops. A window that never reached the function has nothing to close.
   *
   * @returns whether the final invocation succeeded.
   */
  async closeWindow(window: OpenWindow, terminatedEarly: boolean): Promise<boolean> {
    if (!window.invoked) return true;
    const { control, counters, emit, settings, invoker } = this.context;
    const bounds = formatWindow(window.bounds);
    for (let attempt = 1; ; attempt++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.invocations++;
      const final = { window: bounds, state: window.state, isFinalInvokeForWindow: true, isWindowTerminatedEarly: terminatedEarly };
      const { verdict } = await invoker.invoke(this.shardId, [], attempt, false, final);
      if (verdict.kind !== 'failed') {
        counters.windowsClosed++;
        if (terminatedEarly) counters.windowsTerminatedEarly++;
        return true;
      }
      if (control.stopping) {
        emit({
          type: 'warning',
          shardId: this.shardId,
          message: `the final invocation of window ${bounds.start} to ${bounds.end} failed as the run stops: its state is lost`,
        });
        return false;
      }
      counters.retries++;
      await control.sleep(settings.retryDelayMs);
      emit({ type: 'retry', shardId: this.shardId, records: 0, attempt: attempt + 1 });
    }
  }

  private async process(batch: ShardRecord[], window: OpenWindow | undefined): Promise<void> {
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
      const windowInvocation =
        window === undefined
          ? undefined
          : { window: formatWindow(window.bounds), state: window.state, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false };
      if (window !== undefined) window.invoked = true;
      const { requestId, verdict } = await invoker.invoke(this.shardId, segment.records, segment.failedInvocations + 1, redelivery, windowInvocation);
      delivered += segment.records.length;
      if (verdict.kind === 'success') counters.batchesSucceeded++;
      if (verdict.kind === 'partial') counters.partialFailures++;
      // Lambda keeps the state of every response it accepts, partial ones included: it covers the records before the failure.
      if (window !== undefined && verdict.kind !== 'failed' && verdict.windowState !== undefined) window.accept(verdict.windowState);

      const { checkpoint, next } = decideAfterInvocation({ ...segment, lastRequestId: requestId }, verdict, settings);
      this.commit(segment.records.slice(0, checkpoint));
      if (window?.stateTooLarge) {
        emit({
          type: 'warning',
          shardId: this.shardId,
          message: `the window's state is ${window.stateBytes} bytes, over Lambda's 1 MB: the window is terminated early and goes on with a fresh state`,
        });
        await this.closeWindow(window, true);
        window.reset();
      }
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
    this.books.done(records);
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
    this.books.done(records);
    this.recordsDiscarded += records.length;
    this.inFlight = Math.max(0, this.inFlight - records.length);
    counters.recordsDiscarded += records.length;
    counters.onFailureRecords++;
    this.context.emit({ type: 'discarded', shardId: this.shardId, condition, records: records.length, onFailure });
    await destination.send(onFailure);
  }
}
