/**
 * A handler with one catch-all route that runs a scripted behaviour per record id and records what
 * the framework did: start order, per-key and overall concurrency, how each call ended, its signal.
 */
import 'reflect-metadata';
import {
  createHandler,
  OnPartitionKey,
  StreamHandler,
  type HandlerOptions,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type Logger,
  type RecordContext,
  type ShardlineHandler,
} from 'shardline';
import { kinesisEvent } from 'shardline/testing';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What one record's handler does, given its id: return (or resolve) to succeed, throw (or reject) to fail. */
export type Script = (id: string, context: RecordContext) => unknown;

export interface Call {
  readonly id: string;
  readonly key: string;
  readonly signal: AbortSignal;
  /** 'running' until the handler returned, resolved, threw or rejected. */
  end: 'running' | 'ok' | 'failed';
}

export class Recorder {
  readonly calls = new Map<string, Call>();
  /** Ids in the order their handlers started, and in the order they ended. */
  readonly starts: string[] = [];
  readonly ends: string[] = [];
  inFlight = 0;
  peakInFlight = 0;
  peakInFlightPerKey = 0;
  private readonly inFlightByKey = new Map<string, number>();

  run(id: string, context: RecordContext, script: Script): unknown {
    const key = context.record.partitionKey;
    const call: Call = { id, key, signal: context.signal, end: 'running' };
    this.calls.set(id, call);
    this.starts.push(id);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const keyInFlight = (this.inFlightByKey.get(key) ?? 0) + 1;
    this.inFlightByKey.set(key, keyInFlight);
    this.peakInFlightPerKey = Math.max(this.peakInFlightPerKey, keyInFlight);
    const finish = (ok: boolean) => {
      call.end = ok ? 'ok' : 'failed';
      this.ends.push(id);
      this.inFlight--;
      this.inFlightByKey.set(key, (this.inFlightByKey.get(key) ?? 1) - 1);
    };
    let result: unknown;
    try {
      result = script(id, context);
    } catch (error) {
      finish(false);
      throw error;
    }
    if (!(result instanceof Promise)) {
      finish(true);
      return result;
    }
    return result.then(
      (value: unknown) => {
        finish(true);
        return value;
      },
      (error: unknown) => {
        finish(false);
        throw error;
      },
    );
  }

  /** Ids whose handler finished successfully. */
  succeeded(): string[] {
    return [...this.calls.values()].filter((call) => call.end === 'ok').map((call) => call.id);
  }

  /** Ids of `key` in the order their handlers started. */
  startsOf(key: string): string[] {
    return this.starts.filter((id) => this.calls.get(id)?.key === key);
  }
}

export interface RecordingHandler {
  readonly handler: ShardlineHandler;
  readonly recorder: Recorder;
}

/** A handler whose every record runs `script`, recorded by a fresh recorder. */
export function recordingHandler(script: Script, options: HandlerOptions = {}): RecordingHandler {
  const recorder = new Recorder();

  @StreamHandler()
  class Recording {
    @OnPartitionKey(() => true)
    handle(payload: { id: string }, context: RecordContext): unknown {
      return recorder.run(payload.id, context, script);
    }
  }

  return { handler: createHandler([Recording], { logger: silentLogger, ...options }), recorder };
}

/** A batch of records given as [id, partition key]; `seq(id)` is the sequence number of that record. */
export function batch(records: ReadonlyArray<readonly [id: string, key: string]>): { event: KinesisStreamEvent; seq: (id: string) => string } {
  const event = kinesisEvent(records.map(([id, key]) => ({ data: { id }, partitionKey: key })));
  const byId = new Map(records.map(([id], i) => [id, event.Records[i].kinesis.sequenceNumber]));
  return {
    event,
    seq: (id) => {
      const sequenceNumber = byId.get(id);
      if (sequenceNumber === undefined) throw new Error(`no record ${id} in the batch`);
      return sequenceNumber;
    },
  };
}

/** The identifiers of a response, as a plain list. */
export function reported(response: KinesisStreamBatchResponse): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

/** `count` records over `keys` partition keys, round robin: ids `k<key>-<n>`. */
export function roundRobin(keys: number, perKey: number): Array<[string, string]> {
  const records: Array<[string, string]> = [];
  for (let n = 0; n < perKey; n++) for (let k = 0; k < keys; k++) records.push([`k${k}-${n}`, `key-${k}`]);
  return records;
}
