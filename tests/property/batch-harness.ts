/**
 * A scripted batch for the invariant properties: every record (or KPL sub-record) carries an id in
 * its payload, the id picks a scripted behaviour, and a probe records what the framework did with
 * it: when it started, on which key, how many were in flight, how it ended. The checks then compare
 * the probe's log with the response Lambda would read. Only the public API is used.
 *
 * The generated space holds what users' code and data really do, not only clean failures: routes
 * that throw values no logger can stringify (cycles, throwing getters and toJSON, revoked Proxies,
 * primitives), routes that change their record's `raw` before failing, payloads that crash the
 * payload-class path (a key named `constructor`, 3,000 levels of nesting), and a logger that throws.
 */
import 'reflect-metadata';
import { IsInt, IsObject, IsOptional } from 'class-validator';
import fc from 'fast-check';
import {
  createHandler,
  createJsonLogger,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  PayloadType,
  StreamHandler,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type Logger,
  type OnFailure,
  type Ordering,
  type RecordContext,
  type RecordError,
  type StreamRecord,
} from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const loggerDown = (): never => {
  throw new Error('scripted logger failure');
};
/**
 * One instance for every run: shardline reports a logger that throws once on stderr, and one line
 * for the whole file is all a test run should print.
 */
export const throwingLogger: Logger = { debug: loggerDown, info: loggerDown, warn: loggerDown, error: loggerDown };

/** The logger a scenario runs with: the default JSON logger (at debug level, every line written and dropped), none, or one that throws. */
export type LoggerKind = 'json' | 'silent' | 'throwing';

function loggerOf(kind: LoggerKind): Logger {
  if (kind === 'silent') return silentLogger;
  if (kind === 'throwing') return throwingLogger;
  return createJsonLogger({ level: 'debug', write: () => undefined });
}

/**
 * What a failing handler throws: an Error, or a value that describing (for a log line or a
 * message) trips over: `JSON.stringify` throws on the first five, `String` or `instanceof` on some.
 */
export type Thrown =
  | 'error'
  | 'circular'
  | 'throwing-getter'
  | 'throwing-toJSON'
  | 'throwing-message'
  | 'revoked-proxy'
  | 'null'
  | 'undefined'
  | 'number'
  | 'string'
  | 'symbol'
  | 'bigint';

const ODD_THROWN: readonly Thrown[] = [
  'circular',
  'throwing-getter',
  'throwing-toJSON',
  'throwing-message',
  'revoked-proxy',
  'null',
  'undefined',
  'number',
  'string',
  'symbol',
  'bigint',
];

/** A fresh value of the kind (a revoked Proxy cannot be shared between runs, nor be printed by a failed check). */
function thrownValue(kind: Thrown, message: string): unknown {
  switch (kind) {
    case 'error':
      return new Error(message);
    case 'circular': {
      const value: Record<string, unknown> = { message };
      value.self = value;
      return value;
    }
    case 'throwing-getter':
      return {
        get message(): string {
          throw new Error('scripted getter failure');
        },
      };
    case 'throwing-toJSON':
      return {
        toJSON() {
          throw new Error('scripted toJSON failure');
        },
      };
    case 'throwing-message': {
      const error = new Error(message);
      Object.defineProperty(error, 'message', {
        get() {
          throw new Error('scripted message getter failure');
        },
      });
      return error;
    }
    case 'revoked-proxy': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'number':
      return 42;
    case 'string':
      return message;
    case 'symbol':
      return Symbol(message);
    case 'bigint':
      return 42n;
  }
}

/** How a route changes its record's `raw.kinesis` before failing: what made records vanish from the response. */
export type RawMutation = 'empty-sequence-number' | 'delete-sequence-number';

/**
 * What a payload is. `plain` goes to the catch-all partition-key route, `typed` to a route with a
 * payload class (transformed and validated); `constructor-key` and `deep` are typed payloads that
 * crash class-transformer (a `constructor` key holding an object; 3,000 levels of nesting) and
 * must reach `@OnInvalid` as RecordErrors, where the item's behaviour then runs.
 */
export type PayloadKind = 'plain' | 'typed' | 'constructor-key' | 'deep';

const DEEP_LEVELS = 3_000;

/**
 * What a record's handler does. `micro-*` settle after `hops` microtask hops (no timer), `tick-*`
 * in a `setImmediate` callback (a new macrotask, without a timer's millisecond), `timer-*` and
 * `slow-ok` in a timer callback of their own.
 */
export type Behaviour =
  | { readonly kind: 'sync-ok' }
  | { readonly kind: 'sync-throw'; readonly thrown: Thrown }
  | { readonly kind: 'micro-ok'; readonly hops: number }
  | { readonly kind: 'micro-reject'; readonly hops: number; readonly thrown: Thrown }
  | { readonly kind: 'tick-ok' }
  | { readonly kind: 'tick-reject'; readonly thrown: Thrown }
  | { readonly kind: 'timer-ok'; readonly ms: number }
  | { readonly kind: 'timer-reject'; readonly ms: number; readonly thrown: Thrown }
  | { readonly kind: 'slow-ok'; readonly ms: number }
  | { readonly kind: 'mutate-raw'; readonly mutation: RawMutation; readonly sync: boolean };

const TIMED = new Set<Behaviour['kind']>(['timer-ok', 'timer-reject', 'slow-ok']);

/** One unit of work: a plain record, or one sub-record of an aggregate. */
export interface ScriptedItem {
  readonly key: string;
  readonly behaviour: Behaviour;
  readonly payload: PayloadKind;
}

/** A Kinesis record: plain (one item) or a KPL aggregate of one or more sub-records. */
export type ScriptedEntry = { readonly aggregate: false; readonly item: ScriptedItem } | { readonly aggregate: true; readonly items: readonly ScriptedItem[] };

export interface Mode {
  readonly ordering: Ordering;
  readonly onFailure: OnFailure;
  readonly concurrency: number;
}

export interface Scenario extends Mode {
  readonly entries: readonly ScriptedEntry[];
  readonly logger: LoggerKind;
}

/** Items in batch order, each with the index of the Kinesis record it came from. */
export interface FlatItem extends ScriptedItem {
  readonly id: number;
  readonly parent: number;
  /** Its position in its KPL aggregate, or undefined for a plain record. */
  readonly sub: number | undefined;
}

export function flatten(entries: readonly ScriptedEntry[]): FlatItem[] {
  const items: FlatItem[] = [];
  entries.forEach((entry, parent) => {
    if (entry.aggregate) entry.items.forEach((item, sub) => items.push({ ...item, id: items.length, parent, sub }));
    else items.push({ ...entry.item, id: items.length, parent, sub: undefined });
  });
  return items;
}

/** The JSON text of an item's payload. */
function payloadText(id: number, payload: PayloadKind): string {
  switch (payload) {
    case 'plain':
      return JSON.stringify({ id });
    case 'typed':
      return JSON.stringify({ type: TYPED, id });
    case 'constructor-key':
      return JSON.stringify({ type: TYPED, id, meta: { constructor: { a: 1 } } });
    case 'deep':
      return `{"type":${JSON.stringify(TYPED)},"id":${id},"meta":${'{"a":'.repeat(DEEP_LEVELS)}1${'}'.repeat(DEEP_LEVELS)}}`;
  }
}

export function buildEvent(entries: readonly ScriptedEntry[]): KinesisStreamEvent {
  let id = 0;
  // kinesisEvent gives the records ascending sequence numbers, as they have within a shard.
  return kinesisEvent(
    entries.map((entry) =>
      entry.aggregate
        ? {
            data: aggregateRecords(entry.items.map((item) => ({ partitionKey: item.key, data: payloadText(id++, item.payload) }))),
            partitionKey: entry.items[0].key,
          }
        : { data: payloadText(id++, entry.item.payload), partitionKey: entry.item.key },
    ),
  );
}

/** The route each payload kind must reach. */
const EXPECTED_ROUTE: Readonly<Record<PayloadKind, RouteName>> = { plain: 'partition-key', typed: 'typed', 'constructor-key': 'invalid', deep: 'invalid' };
type RouteName = 'partition-key' | 'typed' | 'invalid';

/** What the probe saw happen to one item. */
interface ItemLog {
  starts: number;
  startTick: number;
  startTurn: number;
  endTick: number;
  ok: boolean;
  keySeen: string | undefined;
}

/** A failure as the handler produced it: a synchronous throw, or a rejection in some turn. */
interface FailureLog {
  readonly id: number;
  readonly tick: number;
  readonly turn: number;
  readonly sync: boolean;
}

/**
 * Instrumentation shared by all records of one run. `tick` orders every start and end; `turn`
 * counts the timer and immediate callbacks of this probe, which are the only macrotasks a run
 * without a deadline has, so it says which macrotask (and its microtasks) something happened in.
 */
export class Probe {
  tick = 0;
  turn = 0;
  inFlight = 0;
  peakInFlight = 0;
  peakInFlightPerKey = 0;
  readonly inFlightByKey = new Map<string, number>();
  readonly log: ItemLog[];
  readonly failures: FailureLog[] = [];
  /** Problems found while running, which the checks report: an unknown id, a start on a wrong key or route. */
  readonly anomalies: string[] = [];
  /** Item ids by `sequenceNumber/subSequenceNumber`, for the `@OnInvalid` route, which gets no payload. */
  private readonly idByLocation = new Map<string, number>();

  constructor(readonly items: readonly FlatItem[]) {
    this.log = items.map(() => ({ starts: 0, startTick: -1, startTurn: -1, endTick: -1, ok: false, keySeen: undefined }));
  }

  /** Learns where each item sits in the event, before the event is handled. */
  locate(sequenceNumbers: readonly string[]): void {
    for (const item of this.items) this.idByLocation.set(`${sequenceNumbers[item.parent]}/${item.sub ?? '-'}`, item.id);
  }

  idAt(record: StreamRecord): number | undefined {
    return this.idByLocation.get(`${record.sequenceNumber}/${record.subSequenceNumber ?? '-'}`);
  }

  handle(id: unknown, context: RecordContext, route: RouteName): unknown {
    const key = context.record.partitionKey;
    if (typeof id !== 'number' || this.items[id] === undefined) {
      this.anomalies.push(`the ${route} route was called with unknown id ${String(id)}`);
      return undefined;
    }
    const item = this.items[id];
    if (EXPECTED_ROUTE[item.payload] !== route)
      this.anomalies.push(`item ${id} with a ${item.payload} payload reached the ${route} route, not the ${EXPECTED_ROUTE[item.payload]} route`);
    const log = this.log[id];
    log.starts++;
    log.startTick = ++this.tick;
    log.startTurn = this.turn;
    log.keySeen = key;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const keyInFlight = (this.inFlightByKey.get(item.key) ?? 0) + 1;
    this.inFlightByKey.set(item.key, keyInFlight);
    this.peakInFlightPerKey = Math.max(this.peakInFlightPerKey, keyInFlight);

    const behaviour = item.behaviour;
    switch (behaviour.kind) {
      case 'sync-ok':
        this.end(id, true);
        return undefined;
      case 'sync-throw':
        this.end(id, false);
        throw thrownValue(behaviour.thrown, `scripted synchronous failure of item ${id}`);
      case 'micro-ok':
        return this.afterHops(id, behaviour.hops, undefined);
      case 'micro-reject':
        return this.afterHops(id, behaviour.hops, behaviour.thrown);
      case 'tick-ok':
      case 'tick-reject':
        return new Promise<void>((resolve, reject) => {
          setImmediate(() => this.settle(id, behaviour.kind === 'tick-ok' ? undefined : behaviour.thrown, resolve, reject));
        });
      case 'mutate-raw':
        mutateRaw(context.record, behaviour.mutation);
        if (!behaviour.sync) return this.afterHops(id, 1, 'error');
        this.end(id, false);
        throw new Error(`scripted failure of item ${id} after changing its raw record`);
      default:
        return new Promise<void>((resolve, reject) => {
          setTimeout(() => this.settle(id, behaviour.kind === 'timer-reject' ? behaviour.thrown : undefined, resolve, reject), behaviour.ms);
        });
    }
  }

  /** Settles in a macrotask of this probe: a new turn. Rejects with a `thrown` value, resolves without one. */
  private settle(id: number, thrown: Thrown | undefined, resolve: () => void, reject: (error: unknown) => void): void {
    this.turn++;
    this.end(id, thrown === undefined);
    if (thrown === undefined) resolve();
    else reject(thrownValue(thrown, `scripted rejection of item ${id} in turn ${this.turn}`));
  }

  private async afterHops(id: number, hops: number, thrown: Thrown | undefined): Promise<void> {
    for (let i = 0; i < hops; i++) await Promise.resolve();
    this.end(id, thrown === undefined);
    if (thrown !== undefined) throw thrownValue(thrown, `scripted asynchronous failure of item ${id}`);
  }

  private end(id: number, ok: boolean): void {
    const log = this.log[id];
    log.endTick = ++this.tick;
    log.ok = ok;
    this.inFlight--;
    const key = this.items[id].key;
    this.inFlightByKey.set(key, (this.inFlightByKey.get(key) ?? 1) - 1);
    const behaviour = this.items[id].behaviour;
    const sync = behaviour.kind === 'sync-throw' || (behaviour.kind === 'mutate-raw' && behaviour.sync);
    if (!ok) this.failures.push({ id, tick: log.endTick, turn: this.turn, sync });
  }
}

/**
 * Changes the record's raw event record the way a careless (or hostile) route would. shardline
 * freezes `raw`, so in this strict-mode module the change throws a TypeError, which is ignored:
 * what matters is that the response does not depend on the change either way.
 */
function mutateRaw(record: StreamRecord, mutation: RawMutation): void {
  try {
    const kinesis = record.raw.kinesis as Partial<StreamRecord['raw']['kinesis']>;
    if (mutation === 'empty-sequence-number') kinesis.sequenceNumber = '';
    else delete kinesis.sequenceNumber;
  } catch {
    // Refused: raw is read-only.
  }
}

const TYPED = 'scripted.typed';

/** A payload class, so that typed records take the class-transformer and class-validator path. */
@PayloadType(TYPED)
class TypedPayload {
  @IsInt() id!: number;
  @IsOptional() @IsObject() meta?: object;
}

/**
 * Three routes: typed records to `typed` (a payload class), every other record to `handle` (a
 * catch-all partition key), and records that fail before a route runs to `invalid`. Each runs the
 * item's scripted behaviour.
 */
@StreamHandler()
class ScriptedHandler {
  constructor(private readonly probe: Probe) {}

  @OnRecord(TypedPayload)
  typed(payload: TypedPayload, context: RecordContext): unknown {
    return this.probe.handle(payload.id, context, 'typed');
  }

  @OnPartitionKey(() => true)
  handle(payload: { id?: unknown }, context: RecordContext): unknown {
    return this.probe.handle(payload.id, context, 'partition-key');
  }

  @OnInvalid()
  invalid(_error: RecordError, context: RecordContext): unknown {
    return this.probe.handle(this.probe.idAt(context.record), context, 'invalid');
  }
}

export interface Outcome {
  readonly scenario: Scenario;
  readonly items: readonly FlatItem[];
  /** The records' sequence numbers, read before the handler ran (a route may try to change them). */
  readonly sequenceNumbers: readonly string[];
  readonly probe: Probe;
  readonly response: KinesisStreamBatchResponse;
  /** Set when the invocation rejected instead of returning a response. */
  readonly rejection: { readonly description: string } | undefined;
  /** In-flight count of the probe when the handler's promise resolved. */
  readonly inFlightAtReturn: number;
  /** Whether each item had finished successfully when the handler's promise resolved. */
  readonly okAtReturn: readonly boolean[];
}

/** What a rejection was, for a violation's message: the value may be anything, even a revoked Proxy. */
function describeRejection(reason: unknown): string {
  try {
    return reason instanceof Error ? `${reason.name}: ${reason.message}` : `a thrown ${typeof reason}`;
  } catch {
    return 'a value that cannot be described';
  }
}

export async function runScenario(scenario: Scenario): Promise<Outcome> {
  const items = flatten(scenario.entries);
  const probe = new Probe(items);
  const handler = createHandler([new ScriptedHandler(probe)], {
    ordering: scenario.ordering,
    onFailure: scenario.onFailure,
    concurrency: scenario.concurrency,
    codec: 'json',
    logger: loggerOf(scenario.logger),
  });
  const event = buildEvent(scenario.entries);
  const sequenceNumbers = event.Records.map((record) => record.kinesis.sequenceNumber);
  probe.locate(sequenceNumbers);
  let response: KinesisStreamBatchResponse;
  let rejection: Outcome['rejection'];
  try {
    response = await handler(event);
  } catch (reason) {
    response = undefined as unknown as KinesisStreamBatchResponse;
    rejection = { description: describeRejection(reason) };
  }
  return {
    scenario,
    items,
    sequenceNumbers,
    probe,
    response,
    rejection,
    inFlightAtReturn: probe.inFlight,
    okAtReturn: probe.log.map((log) => log.ok),
  };
}

// ---------------------------------------------------------------------------------------------
// The invariants. Each returns the violations it finds, as sentences; an empty list is a pass.
// ---------------------------------------------------------------------------------------------

function failureIds(outcome: Outcome): string[] {
  const { response } = outcome;
  if (response === null || typeof response !== 'object' || !Array.isArray(response.batchItemFailures)) return [];
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

/** A Kinesis record completed when every one of its items finished successfully before the response. */
function completedRecords(outcome: Outcome): boolean[] {
  const completed = outcome.sequenceNumbers.map(() => true);
  outcome.items.forEach((item, i) => {
    if (!outcome.okAtReturn[i]) completed[item.parent] = false;
  });
  return completed;
}

/** 1: every record either completed successfully or is in batchItemFailures; never both, never neither. */
export function succeededXorReported(outcome: Outcome): string[] {
  const reported = new Set(failureIds(outcome));
  const completed = completedRecords(outcome);
  const violations: string[] = [];
  outcome.sequenceNumbers.forEach((sequenceNumber, r) => {
    if (completed[r] && reported.has(sequenceNumber)) violations.push(`record ${r} completed but is reported`);
    if (!completed[r] && !reported.has(sequenceNumber)) violations.push(`record ${r} did not complete and is not reported`);
  });
  if (outcome.inFlightAtReturn !== 0) violations.push(`${outcome.inFlightAtReturn} handlers were still running when the response was returned`);
  return violations;
}

/** 2: identifiers are non-empty strings taken from the batch, unique, in batch order. */
export function identifiersWellFormed(outcome: Outcome): string[] {
  const { response } = outcome;
  if (outcome.rejection !== undefined) return [`the invocation rejected with ${outcome.rejection.description} instead of returning a response`];
  if (response === null || typeof response !== 'object' || !Array.isArray(response.batchItemFailures)) {
    return [`the response is ${JSON.stringify(response)}, not an object with a batchItemFailures array`];
  }
  const position = new Map(outcome.sequenceNumbers.map((sequenceNumber, r) => [sequenceNumber, r]));
  const violations: string[] = [];
  let previous = -1;
  for (const failure of response.batchItemFailures as unknown[]) {
    const id: unknown = (failure as { itemIdentifier?: unknown })?.itemIdentifier;
    if (typeof id !== 'string' || id.length === 0) {
      violations.push(`identifier ${JSON.stringify(id)} is not a non-empty string`);
      continue;
    }
    const r = position.get(id);
    if (r === undefined) violations.push(`identifier ${id} is not a sequence number of the batch`);
    else if (r === previous) violations.push(`identifier of record ${r} is listed twice`);
    else if (r < previous) violations.push(`identifier of record ${r} comes after record ${previous}`);
    else previous = r;
  }
  return violations;
}

/**
 * 3: per partition key, handlers start in batch order; under 'partition-key' never two at once for
 * one key (a record starts only after its key's previous record finished successfully).
 */
export function keyOrderKept(outcome: Outcome): string[] {
  const { items, probe, scenario } = outcome;
  const violations: string[] = [];
  const lastByKey = new Map<string, number>();
  items.forEach((item, i) => {
    const log = probe.log[i];
    if (log.starts === 0) return;
    const previous = lastByKey.get(item.key);
    lastByKey.set(item.key, i);
    if (previous === undefined) return;
    const before = probe.log[previous];
    if (before.starts > 0 && before.startTick > log.startTick) violations.push(`item ${i} of key ${item.key} started before item ${previous}`);
    if (scenario.ordering !== 'partition-key') return;
    if (before.starts === 0) violations.push(`item ${i} of key ${item.key} started although item ${previous} never did`);
    else if (before.endTick === -1 || before.endTick > log.startTick)
      violations.push(`item ${i} of key ${item.key} started while item ${previous} was running`);
    else if (!before.ok) violations.push(`item ${i} of key ${item.key} started after item ${previous} of its key failed`);
  });
  if (scenario.ordering === 'partition-key' && probe.peakInFlightPerKey > 1) violations.push(`${probe.peakInFlightPerKey} records of one key ran at once`);
  return violations;
}

/** 4: in-flight count never exceeds `concurrency` ('shard': one). */
export function concurrencyBounded(outcome: Outcome): string[] {
  const { scenario, probe } = outcome;
  const limit = scenario.ordering === 'shard' ? 1 : scenario.concurrency;
  return probe.peakInFlight > limit ? [`${probe.peakInFlight} records were in flight at once, more than ${limit}`] : [];
}

/**
 * 5: with 'stop', no record starts after the first failure was observed. A synchronous throw is
 * observed when the handler call returns; a rejection at the latest when the microtasks of the
 * turn it happened in have run (a start later in that same turn may legitimately precede it).
 */
export function nothingStartsAfterStop(outcome: Outcome): string[] {
  const { scenario, probe } = outcome;
  if (scenario.onFailure !== 'stop') return [];
  let syncTick = Infinity;
  let asyncTurn = Infinity;
  for (const failure of probe.failures) {
    if (failure.sync) syncTick = Math.min(syncTick, failure.tick);
    else asyncTurn = Math.min(asyncTurn, failure.turn);
  }
  const violations: string[] = [];
  probe.log.forEach((log, i) => {
    if (log.starts === 0) return;
    if (log.startTick > syncTick) violations.push(`item ${i} started after a synchronous failure`);
    else if (log.startTurn > asyncTurn) violations.push(`item ${i} started in turn ${log.startTurn}, after a rejection in turn ${asyncTurn}`);
  });
  return violations;
}

/** 6: the response never reports success for a record whose handler was not called or did not finish. */
export function successMeansFinished(outcome: Outcome): string[] {
  const reported = new Set(failureIds(outcome));
  const violations: string[] = [];
  outcome.items.forEach((item, i) => {
    if (reported.has(outcome.sequenceNumbers[item.parent])) return;
    const log = outcome.probe.log[i];
    if (log.starts === 0) violations.push(`item ${i} is reported as success but its handler was never called`);
    else if (!outcome.okAtReturn[i]) violations.push(`item ${i} is reported as success but its handler ${log.endTick === -1 ? 'had not finished' : 'failed'}`);
  });
  return violations;
}

/**
 * Not one of the six, but what keeps them honest: a scheduler that starts nothing and reports
 * everything would pass all six. Each record runs once at most, on its own key, and a record is
 * left unstarted only when the failure mode says so.
 */
export function progressAsPromised(outcome: Outcome): string[] {
  const { items, probe, scenario } = outcome;
  const violations = [...probe.anomalies];
  probe.log.forEach((log, i) => {
    if (log.starts > 1) violations.push(`item ${i} started ${log.starts} times`);
    if (log.starts > 0 && log.keySeen !== items[i].key) violations.push(`item ${i} ran with key ${String(log.keySeen)}, not ${items[i].key}`);
  });
  const failed = (i: number) => probe.log[i].starts > 0 && !probe.log[i].ok;
  // A payload that is not plain says why an item may not have started: it never reached its route.
  const item = (i: number) => `item ${i}${items[i].payload === 'plain' ? '' : ` (a ${items[i].payload} payload)`}`;
  const firstFailure = items.findIndex((_, i) => failed(i));
  const started = (i: number) => probe.log[i].starts > 0;
  if (scenario.onFailure === 'continue' && scenario.ordering !== 'partition-key') {
    items.forEach((_, i) => {
      if (!started(i)) violations.push(`${item(i)} never started although onFailure is continue`);
    });
  } else if (scenario.onFailure === 'continue') {
    const keyFailed = new Set<string>();
    items.forEach(({ key }, i) => {
      if (!keyFailed.has(key) && !started(i)) violations.push(`${item(i)} never started although no earlier record of key ${key} failed`);
      if (keyFailed.has(key) && started(i)) violations.push(`${item(i)} started after an earlier record of key ${key} failed`);
      if (failed(i)) keyFailed.add(key);
    });
  } else if (firstFailure === -1) {
    items.forEach((_, i) => {
      if (!started(i)) violations.push(`${item(i)} never started although no record failed`);
    });
  } else if (scenario.ordering === 'shard') {
    items.forEach((_, i) => {
      if (started(i) !== i <= firstFailure)
        violations.push(`${item(i)} ${started(i) ? 'started' : 'did not start'}, the first failure being item ${firstFailure}`);
    });
  } else if (scenario.ordering === 'none') {
    let prefix = 0;
    while (prefix < items.length && started(prefix)) prefix++;
    for (let i = prefix; i < items.length; i++) if (started(i)) violations.push(`item ${i} started although item ${prefix} before it did not`);
  }
  return violations;
}

export const INVARIANTS = [
  ['1. every record either completed successfully or is reported, never both, never neither', succeededXorReported],
  ['2. identifiers are non-empty sequence numbers of the batch, unique, in batch order', identifiersWellFormed],
  ['3. per key, handlers start in batch order, and one at a time under partition-key', keyOrderKept],
  ['4. the in-flight count never exceeds the concurrency', concurrencyBounded],
  ['5. with onFailure stop, no record starts after the first failure was observed', nothingStartsAfterStop],
  ['6. success is never reported for a record whose handler was not called or did not finish', successMeansFinished],
] as const;

export function expectNoViolations(name: string, violations: readonly string[], outcome: Outcome): void {
  if (violations.length === 0) return;
  const { ordering, onFailure, concurrency, logger } = outcome.scenario;
  const shown = violations.slice(0, 5).join('; ');
  throw new Error(
    `${name} broken under ${ordering}/${onFailure}/concurrency ${concurrency} with the ${logger} logger and ${outcome.items.length} items: ${shown}${violations.length > 5 ? ` (and ${violations.length - 5} more)` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/**
 * How a batch leans: its key space, how often its records fail or wait on a timer (per 1,000), and
 * whether failures are synchronous throws, rejections or both (a batch whose first failure is a
 * rejection is what shows whether a rejection, not only a throw, stops the batch); what failures
 * throw (Errors, odd values or both), how often a route changes its raw record before failing, and
 * how often a payload takes the payload-class path or is one that crashes it (per 1,000).
 */
interface Profile {
  readonly keySpace: number;
  readonly failPer1000: number;
  readonly timerPer1000: number;
  readonly failures: 'throw' | 'reject' | 'both';
  readonly thrown: 'errors' | 'odd' | 'mixed';
  readonly mutatePer1000: number;
  readonly typedPer1000: number;
  readonly poisonPer1000: number;
}

/** Timers cost real milliseconds (one at a time under 'shard'); past this many a run would be slow. */
const MAX_TIMERS = 16;
const MAX_SLOW = 1;
/**
 * A 3,000-level payload costs stack overflows to refuse (tens of milliseconds under Jest), a
 * constructor-key one an exception: one and twenty a batch find what they can find.
 */
const MAX_DEEP = 1;
const MAX_POISON = 20;

const profileArb: fc.Arbitrary<Profile> = fc.record({
  keySpace: fc.constantFrom(1, 2, 5, 40, 1_000_000),
  failPer1000: fc.constantFrom(0, 1, 10, 100, 500),
  timerPer1000: fc.constantFrom(0, 20, 300),
  failures: fc.constantFrom('throw', 'reject', 'both'),
  thrown: fc.constantFrom('errors', 'odd', 'mixed'),
  mutatePer1000: fc.constantFrom(0, 5, 50),
  typedPer1000: fc.constantFrom(0, 300),
  poisonPer1000: fc.constantFrom(0, 10, 100),
});

const loggerArb: fc.Arbitrary<LoggerKind> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<LoggerKind>('json') },
  { weight: 1, arbitrary: fc.constant<LoggerKind>('silent') },
  { weight: 1, arbitrary: fc.constant<LoggerKind>('throwing') },
);

function thrownArb(profile: Profile): fc.Arbitrary<Thrown> {
  if (profile.thrown === 'errors') return fc.constant<Thrown>('error');
  return profile.thrown === 'odd' ? fc.constantFrom(...ODD_THROWN) : fc.constantFrom<Thrown>('error', ...ODD_THROWN);
}

function behaviourArb(profile: Profile): fc.Arbitrary<Behaviour> {
  const throws = profile.failures === 'reject' ? 0 : profile.failPer1000;
  const fail = profile.failures === 'throw' ? 0 : profile.failPer1000;
  const timer = profile.timerPer1000;
  const hops = fc.integer({ min: 0, max: 3 });
  const ms = fc.integer({ min: 0, max: 2 });
  const thrown = thrownArb(profile);
  return fc.oneof(
    { weight: 1000, arbitrary: fc.constant<Behaviour>({ kind: 'sync-ok' }) },
    { weight: 1000, arbitrary: hops.map((h): Behaviour => ({ kind: 'micro-ok', hops: h })) },
    { weight: 300, arbitrary: fc.constant<Behaviour>({ kind: 'tick-ok' }) },
    { weight: timer, arbitrary: ms.map((m): Behaviour => ({ kind: 'timer-ok', ms: m })) },
    { weight: Math.ceil(timer / 20), arbitrary: fc.integer({ min: 4, max: 8 }).map((m): Behaviour => ({ kind: 'slow-ok', ms: m })) },
    { weight: throws, arbitrary: thrown.map((t): Behaviour => ({ kind: 'sync-throw', thrown: t })) },
    { weight: fail, arbitrary: fc.tuple(hops, thrown).map(([h, t]): Behaviour => ({ kind: 'micro-reject', hops: h, thrown: t })) },
    { weight: Math.ceil(fail / 3), arbitrary: thrown.map((t): Behaviour => ({ kind: 'tick-reject', thrown: t })) },
    { weight: Math.ceil((fail * timer) / 1000), arbitrary: fc.tuple(ms, thrown).map(([m, t]): Behaviour => ({ kind: 'timer-reject', ms: m, thrown: t })) },
    {
      weight: profile.mutatePer1000,
      arbitrary: fc
        .tuple(fc.constantFrom<RawMutation>('empty-sequence-number', 'delete-sequence-number'), fc.boolean())
        .map(([mutation, sync]): Behaviour => ({ kind: 'mutate-raw', mutation, sync })),
    },
  );
}

function payloadArb(profile: Profile): fc.Arbitrary<PayloadKind> {
  return fc.oneof(
    { weight: 1000, arbitrary: fc.constant<PayloadKind>('plain') },
    { weight: profile.typedPer1000, arbitrary: fc.constant<PayloadKind>('typed') },
    {
      weight: profile.poisonPer1000,
      arbitrary: fc.oneof({ weight: 4, arbitrary: fc.constant<PayloadKind>('constructor-key') }, { weight: 1, arbitrary: fc.constant<PayloadKind>('deep') }),
    },
  );
}

function itemArb(profile: Profile): fc.Arbitrary<ScriptedItem> {
  return fc.record({
    key: fc.integer({ min: 0, max: profile.keySpace - 1 }).map((k) => `key-${k}`),
    behaviour: behaviourArb(profile),
    payload: payloadArb(profile),
  });
}

function sized<T>(entry: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(entry, { maxLength: 40 }) },
    { weight: 3, arbitrary: fc.array(entry, { maxLength: 400, size: 'max' }) },
    { weight: 1, arbitrary: fc.array(entry, { minLength: 1_000, maxLength: 2_000, size: 'max' }) },
  );
}

/**
 * Replaces timers past the budget by microtask waits, so that a 2,000-record batch stays fast, and
 * poison payloads past theirs by plain ones.
 */
function capCosts(entries: ScriptedEntry[]): ScriptedEntry[] {
  let timers = 0;
  let slow = 0;
  let deep = 0;
  let poison = 0;
  const cap = (item: ScriptedItem): ScriptedItem => {
    let payload = item.payload;
    if (payload === 'deep' && deep++ >= MAX_DEEP) payload = 'constructor-key';
    if (payload === 'constructor-key' || payload === 'deep') payload = poison++ < MAX_POISON ? payload : 'plain';
    const b = item.behaviour;
    if (!TIMED.has(b.kind)) return payload === item.payload ? item : { ...item, payload };
    const allowed = b.kind === 'slow-ok' ? slow++ < MAX_SLOW && timers++ < MAX_TIMERS : timers++ < MAX_TIMERS;
    if (allowed) return { ...item, payload };
    const behaviour: Behaviour = b.kind === 'timer-reject' ? { kind: 'micro-reject', hops: 1, thrown: b.thrown } : { kind: 'micro-ok', hops: 1 };
    return { key: item.key, behaviour, payload };
  };
  return entries.map((entry) => (entry.aggregate ? { aggregate: true, items: entry.items.map(cap) } : { aggregate: false, item: cap(entry.item) }));
}

export const CONCURRENCIES = [1, 2, 3, 8, 16, 64] as const;

/** Batches of plain records, 0 to 2,000 of them. */
export function plainBatchArb(ordering: Ordering, onFailure: OnFailure): fc.Arbitrary<Scenario> {
  return fc.tuple(profileArb, fc.constantFrom(...CONCURRENCIES), loggerArb).chain(([profile, concurrency, logger]) =>
    sized(itemArb(profile).map((item): ScriptedEntry => ({ aggregate: false, item }))).map((entries) => ({
      ordering,
      onFailure,
      concurrency,
      logger,
      entries: capCosts(entries),
    })),
  );
}

/** Batches that mix plain records and KPL aggregates of one to six sub-records with their own keys. */
export function aggregatedBatchArb(ordering: Ordering, onFailure: OnFailure): fc.Arbitrary<Scenario> {
  return fc.tuple(profileArb, fc.constantFrom(...CONCURRENCIES), loggerArb).chain(([profile, concurrency, logger]) => {
    const item = itemArb(profile);
    const entry = fc.oneof(
      item.map((i): ScriptedEntry => ({ aggregate: false, item: i })),
      fc.array(item, { minLength: 1, maxLength: 6 }).map((items): ScriptedEntry => ({ aggregate: true, items })),
    );
    return fc
      .oneof({ weight: 4, arbitrary: fc.array(entry, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(entry, { maxLength: 300, size: 'max' }) })
      .map((entries) => ({ ordering, onFailure, concurrency, logger, entries: capCosts(entries) }));
  });
}

export const MODES: ReadonlyArray<readonly [Ordering, OnFailure]> = [
  ['shard', 'stop'],
  ['shard', 'continue'],
  ['partition-key', 'stop'],
  ['partition-key', 'continue'],
  ['none', 'stop'],
  ['none', 'continue'],
];
