/**
 * A scripted batch for the invariant properties: every record (or KPL sub-record) carries an id in
 * its payload, the id picks a scripted behaviour, and a probe records what the framework did with
 * it: when it started, on which key, how many were in flight, how it ended. The checks then compare
 * the probe's log with the response Lambda would read. Only the public API is used.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import {
  createHandler,
  OnPartitionKey,
  StreamHandler,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type Logger,
  type OnFailure,
  type Ordering,
  type RecordContext,
} from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * What a record's handler does. `micro-*` settle after `hops` microtask hops (no timer), `tick-*`
 * in a `setImmediate` callback (a new macrotask, without a timer's millisecond), `timer-*` and
 * `slow-ok` in a timer callback of their own.
 */
export type Behaviour =
  | { readonly kind: 'sync-ok' }
  | { readonly kind: 'sync-throw' }
  | { readonly kind: 'micro-ok'; readonly hops: number }
  | { readonly kind: 'micro-reject'; readonly hops: number }
  | { readonly kind: 'tick-ok' }
  | { readonly kind: 'tick-reject' }
  | { readonly kind: 'timer-ok'; readonly ms: number }
  | { readonly kind: 'timer-reject'; readonly ms: number }
  | { readonly kind: 'slow-ok'; readonly ms: number };

const FAILING = new Set<Behaviour['kind']>(['sync-throw', 'micro-reject', 'tick-reject', 'timer-reject']);
const TIMED = new Set<Behaviour['kind']>(['timer-ok', 'timer-reject', 'slow-ok']);

/** One unit of work: a plain record, or one sub-record of an aggregate. */
export interface ScriptedItem {
  readonly key: string;
  readonly behaviour: Behaviour;
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
}

/** Items in batch order, each with the index of the Kinesis record it came from. */
export interface FlatItem extends ScriptedItem {
  readonly id: number;
  readonly parent: number;
}

export function flatten(entries: readonly ScriptedEntry[]): FlatItem[] {
  const items: FlatItem[] = [];
  entries.forEach((entry, parent) => {
    for (const item of entry.aggregate ? entry.items : [entry.item]) items.push({ ...item, id: items.length, parent });
  });
  return items;
}

export function buildEvent(entries: readonly ScriptedEntry[]): KinesisStreamEvent {
  let id = 0;
  // kinesisEvent gives the records ascending sequence numbers, as they have within a shard.
  return kinesisEvent(
    entries.map((entry) =>
      entry.aggregate
        ? { data: aggregateRecords(entry.items.map((item) => ({ partitionKey: item.key, data: JSON.stringify({ id: id++ }) }))), partitionKey: entry.items[0].key }
        : { data: { id: id++ }, partitionKey: entry.item.key },
    ),
  );
}

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
  /** Problems found while running, which the checks report: an unknown id, a start on a wrong key. */
  readonly anomalies: string[] = [];

  constructor(readonly items: readonly FlatItem[]) {
    this.log = items.map(() => ({ starts: 0, startTick: -1, startTurn: -1, endTick: -1, ok: false, keySeen: undefined }));
  }

  handle(id: unknown, key: string): unknown {
    if (typeof id !== 'number' || this.items[id] === undefined) {
      this.anomalies.push(`handler called with unknown id ${String(id)}`);
      return undefined;
    }
    const item = this.items[id];
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
        throw new Error(`scripted synchronous failure of item ${id}`);
      case 'micro-ok':
      case 'micro-reject':
        return this.afterHops(id, behaviour.hops, behaviour.kind === 'micro-ok');
      case 'tick-ok':
      case 'tick-reject':
        return new Promise<void>((resolve, reject) => {
          setImmediate(() => this.settle(id, behaviour.kind === 'tick-ok', resolve, reject));
        });
      default:
        return new Promise<void>((resolve, reject) => {
          setTimeout(() => this.settle(id, behaviour.kind !== 'timer-reject', resolve, reject), behaviour.ms);
        });
    }
  }

  /** Settles in a macrotask of this probe: a new turn. */
  private settle(id: number, ok: boolean, resolve: () => void, reject: (error: Error) => void): void {
    this.turn++;
    this.end(id, ok);
    if (ok) resolve();
    else reject(new Error(`scripted rejection of item ${id} in turn ${this.turn}`));
  }

  private async afterHops(id: number, hops: number, ok: boolean): Promise<void> {
    for (let i = 0; i < hops; i++) await null;
    this.end(id, ok);
    if (!ok) throw new Error(`scripted asynchronous failure of item ${id}`);
  }

  private end(id: number, ok: boolean): void {
    const log = this.log[id];
    log.endTick = ++this.tick;
    log.ok = ok;
    this.inFlight--;
    const key = this.items[id].key;
    this.inFlightByKey.set(key, (this.inFlightByKey.get(key) ?? 1) - 1);
    if (!ok) this.failures.push({ id, tick: log.endTick, turn: this.turn, sync: this.items[id].behaviour.kind === 'sync-throw' });
  }
}

/** A catch-all route: every record, whatever its key, comes to `handle`. */
@StreamHandler()
class ScriptedHandler {
  constructor(private readonly probe: Probe) {}

  @OnPartitionKey(() => true)
  handle(payload: { id?: unknown }, context: RecordContext): unknown {
    return this.probe.handle(payload.id, context.record.partitionKey);
  }
}

export interface Outcome {
  readonly scenario: Scenario;
  readonly items: readonly FlatItem[];
  readonly sequenceNumbers: readonly string[];
  readonly probe: Probe;
  readonly response: KinesisStreamBatchResponse;
  /** In-flight count of the probe when the handler's promise resolved. */
  readonly inFlightAtReturn: number;
  /** Whether each item had finished successfully when the handler's promise resolved. */
  readonly okAtReturn: readonly boolean[];
}

export async function runScenario(scenario: Scenario): Promise<Outcome> {
  const items = flatten(scenario.entries);
  const probe = new Probe(items);
  const handler = createHandler([new ScriptedHandler(probe)], {
    ordering: scenario.ordering,
    onFailure: scenario.onFailure,
    concurrency: scenario.concurrency,
    codec: 'json',
    logger: silentLogger,
  });
  const event = buildEvent(scenario.entries);
  const response = await handler(event);
  return {
    scenario,
    items,
    sequenceNumbers: event.Records.map((record) => record.kinesis.sequenceNumber),
    probe,
    response,
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
  return response.batchItemFailures.map((failure) => (failure as { itemIdentifier: string }).itemIdentifier);
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
    else if (before.endTick === -1 || before.endTick > log.startTick) violations.push(`item ${i} of key ${item.key} started while item ${previous} was running`);
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
  const firstFailure = items.findIndex((_, i) => failed(i));
  const started = (i: number) => probe.log[i].starts > 0;
  if (scenario.onFailure === 'continue' && scenario.ordering !== 'partition-key') {
    items.forEach((_, i) => {
      if (!started(i)) violations.push(`item ${i} never started although onFailure is continue`);
    });
  } else if (scenario.onFailure === 'continue') {
    const keyFailed = new Set<string>();
    items.forEach((item, i) => {
      if (!keyFailed.has(item.key) && !started(i)) violations.push(`item ${i} never started although no earlier record of key ${item.key} failed`);
      if (keyFailed.has(item.key) && started(i)) violations.push(`item ${i} started after an earlier record of key ${item.key} failed`);
      if (failed(i)) keyFailed.add(item.key);
    });
  } else if (firstFailure === -1) {
    items.forEach((_, i) => {
      if (!started(i)) violations.push(`item ${i} never started although no record failed`);
    });
  } else if (scenario.ordering === 'shard') {
    items.forEach((_, i) => {
      if (started(i) !== i <= firstFailure) violations.push(`item ${i} ${started(i) ? 'started' : 'did not start'}, the first failure being item ${firstFailure}`);
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
  const { ordering, onFailure, concurrency } = outcome.scenario;
  const shown = violations.slice(0, 5).join('; ');
  throw new Error(`${name} broken under ${ordering}/${onFailure}/concurrency ${concurrency} with ${outcome.items.length} items: ${shown}${violations.length > 5 ? ` (and ${violations.length - 5} more)` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/**
 * How a batch leans: its key space, how often its records fail or wait on a timer (per 1,000), and
 * whether failures are synchronous throws, rejections or both (a batch whose first failure is a
 * rejection is what shows whether a rejection, not only a throw, stops the batch).
 */
interface Profile {
  readonly keySpace: number;
  readonly failPer1000: number;
  readonly timerPer1000: number;
  readonly failures: 'throw' | 'reject' | 'both';
}

/** Timers cost real milliseconds (one at a time under 'shard'); past this many a run would be slow. */
const MAX_TIMERS = 16;
const MAX_SLOW = 1;

const profileArb: fc.Arbitrary<Profile> = fc.record({
  keySpace: fc.constantFrom(1, 2, 5, 40, 1_000_000),
  failPer1000: fc.constantFrom(0, 1, 10, 100, 500),
  timerPer1000: fc.constantFrom(0, 20, 300),
  failures: fc.constantFrom('throw', 'reject', 'both'),
});

function behaviourArb(profile: Profile): fc.Arbitrary<Behaviour> {
  const throws = profile.failures === 'reject' ? 0 : profile.failPer1000;
  const fail = profile.failures === 'throw' ? 0 : profile.failPer1000;
  const timer = profile.timerPer1000;
  const hops = fc.integer({ min: 0, max: 3 });
  const ms = fc.integer({ min: 0, max: 2 });
  return fc.oneof(
    { weight: 1000, arbitrary: fc.constant<Behaviour>({ kind: 'sync-ok' }) },
    { weight: 1000, arbitrary: hops.map((h): Behaviour => ({ kind: 'micro-ok', hops: h })) },
    { weight: 300, arbitrary: fc.constant<Behaviour>({ kind: 'tick-ok' }) },
    { weight: timer, arbitrary: ms.map((m): Behaviour => ({ kind: 'timer-ok', ms: m })) },
    { weight: Math.ceil(timer / 20), arbitrary: fc.integer({ min: 4, max: 8 }).map((m): Behaviour => ({ kind: 'slow-ok', ms: m })) },
    { weight: throws, arbitrary: fc.constant<Behaviour>({ kind: 'sync-throw' }) },
    { weight: fail, arbitrary: hops.map((h): Behaviour => ({ kind: 'micro-reject', hops: h })) },
    { weight: Math.ceil(fail / 3), arbitrary: fc.constant<Behaviour>({ kind: 'tick-reject' }) },
    { weight: Math.ceil((fail * timer) / 1000), arbitrary: ms.map((m): Behaviour => ({ kind: 'timer-reject', ms: m })) },
  );
}

function itemArb(profile: Profile): fc.Arbitrary<ScriptedItem> {
  return fc.record({ key: fc.integer({ min: 0, max: profile.keySpace - 1 }).map((k) => `key-${k}`), behaviour: behaviourArb(profile) });
}

function sized<T>(entry: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(entry, { maxLength: 40 }) },
    { weight: 3, arbitrary: fc.array(entry, { maxLength: 400, size: 'max' }) },
    { weight: 1, arbitrary: fc.array(entry, { minLength: 1_000, maxLength: 2_000, size: 'max' }) },
  );
}

/** Replaces timers past the budget by microtask waits, so that a 2,000-record batch stays fast. */
function capTimers(entries: ScriptedEntry[]): ScriptedEntry[] {
  let timers = 0;
  let slow = 0;
  const cap = (item: ScriptedItem): ScriptedItem => {
    const b = item.behaviour;
    if (!TIMED.has(b.kind)) return item;
    const allowed = b.kind === 'slow-ok' ? slow++ < MAX_SLOW && timers++ < MAX_TIMERS : timers++ < MAX_TIMERS;
    if (allowed) return item;
    return { key: item.key, behaviour: { kind: FAILING.has(b.kind) ? 'micro-reject' : 'micro-ok', hops: 1 } };
  };
  return entries.map((entry) => (entry.aggregate ? { aggregate: true, items: entry.items.map(cap) } : { aggregate: false, item: cap(entry.item) }));
}

export const CONCURRENCIES = [1, 2, 3, 8, 16, 64] as const;

/** Batches of plain records, 0 to 2,000 of them. */
export function plainBatchArb(ordering: Ordering, onFailure: OnFailure): fc.Arbitrary<Scenario> {
  return fc
    .tuple(profileArb, fc.constantFrom(...CONCURRENCIES))
    .chain(([profile, concurrency]) =>
      sized(itemArb(profile).map((item): ScriptedEntry => ({ aggregate: false, item }))).map((entries) => ({
        ordering,
        onFailure,
        concurrency,
        entries: capTimers(entries),
      })),
    );
}

/** Batches that mix plain records and KPL aggregates of one to six sub-records with their own keys. */
export function aggregatedBatchArb(ordering: Ordering, onFailure: OnFailure): fc.Arbitrary<Scenario> {
  return fc.tuple(profileArb, fc.constantFrom(...CONCURRENCIES)).chain(([profile, concurrency]) => {
    const item = itemArb(profile);
    const entry = fc.oneof(
      item.map((i): ScriptedEntry => ({ aggregate: false, item: i })),
      fc.array(item, { minLength: 1, maxLength: 6 }).map((items): ScriptedEntry => ({ aggregate: true, items })),
    );
    return fc
      .oneof({ weight: 4, arbitrary: fc.array(entry, { maxLength: 30 }) }, { weight: 1, arbitrary: fc.array(entry, { maxLength: 300, size: 'max' }) })
      .map((entries) => ({ ordering, onFailure, concurrency, entries: capTimers(entries) }));
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
