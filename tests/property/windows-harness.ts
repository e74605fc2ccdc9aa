/**
 * The scripted batches of batch-harness.ts, run by a handler that folds a tumbling window: every
 * route contributes its item's id (some items contribute nothing), the reducer appends ids to the
 * state, and the end method records what it got. The checks compare the state handed back with the
 * fold the response allows: the ids, in batch order, of the items whose record's sequence number is
 * below the lowest one reported; and of no other item.
 */
import 'reflect-metadata';
import { IsInt, IsObject, IsOptional } from 'class-validator';
import fc from 'fast-check';
import {
  createHandler,
  createJsonLogger,
  FullBatchFailureError,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  PayloadType,
  StreamHandler,
  type KinesisStreamBatchResponse,
  type Logger,
  type OnFailure,
  type Ordering,
  type RecordContext,
  type RecordError,
} from 'shardline';
import { OnWindowEnd, WindowEndError, WindowReduce, type WindowContext } from 'shardline/windows';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import {
  aggregatedBatchArb,
  buildEvent,
  flatten,
  plainBatchArb,
  Probe,
  silentLogger,
  throwingLogger,
  type FlatItem,
  type LoggerKind,
  type Scenario,
} from './batch-harness';

/** The state the scripted window holds: the ids folded so far, after those of earlier invocations. */
export interface IdsState {
  seed: string;
  ids: number[];
}

/** What earlier invocations of the window left in the state. */
export const INCOMING: Readonly<IdsState> = Object.freeze({ seed: 'earlier invocations', ids: Object.freeze([-3, -2, -1]) as number[] });

/** Items whose route returns nothing, and so contribute nothing: every seventh, from the fourth. */
export function contributes(id: number): boolean {
  return id % 7 !== 3;
}

/** What a route returns: the item's id (or nothing), once its scripted behaviour has succeeded. */
function contribution(id: number | undefined, result: unknown): unknown {
  const value = id === undefined || !contributes(id) ? undefined : id;
  if (typeof result === 'object' && result !== null && typeof (result as Promise<unknown>).then === 'function')
    return (result as Promise<unknown>).then(() => value);
  return value;
}

@PayloadType('scripted.typed')
class WindowTypedPayload {
  @IsInt() id!: number;
  @IsOptional() @IsObject() meta?: object;
}

/** The routes of batch-harness.ts's scripted handler, each contributing its item's id. */
@StreamHandler()
class WindowedScriptedHandler {
  readonly ends: Array<{ state: IdsState; window: WindowContext }> = [];

  constructor(private readonly probe: Probe) {}

  @OnRecord(WindowTypedPayload)
  typed(payload: WindowTypedPayload, context: RecordContext): unknown {
    return contribution(payload.id, this.probe.handle(payload.id, context, 'typed'));
  }

  @OnPartitionKey(() => true)
  handle(payload: { id?: unknown }, context: RecordContext): unknown {
    return contribution(typeof payload.id === 'number' ? payload.id : undefined, this.probe.handle(payload.id, context, 'partition-key'));
  }

  @OnInvalid()
  invalid(_error: RecordError, context: RecordContext): unknown {
    const id = this.probe.idAt(context.record);
    return contribution(id, this.probe.handle(id, context, 'invalid'));
  }

  @WindowReduce()
  add(state: IdsState, id: number): IdsState {
    // In place: shardline hands the reducer a copy of the event's state.
    state.ids.push(id);
    return state;
  }

  @OnWindowEnd()
  close(state: IdsState, window: WindowContext): void {
    this.ends.push({ state: { seed: state.seed, ids: [...state.ids] }, window });
  }
}

/** How an invocation of the window is made: its flags, and the clock it runs against. */
export interface WindowInvocation {
  readonly final: boolean;
  readonly throwOnFullBatchFailure: boolean;
  /** Milliseconds the Lambda context starts with; `undefined` for no deadline. */
  readonly remainingTimeMs: number | undefined;
}

export interface WindowScenario {
  readonly scenario: Scenario;
  readonly invocation: WindowInvocation;
}

export interface WindowOutcome {
  readonly scenario: WindowScenario;
  readonly items: readonly FlatItem[];
  readonly sequenceNumbers: readonly string[];
  readonly probe: Probe;
  readonly response: KinesisStreamBatchResponse | undefined;
  readonly rejection: unknown;
  readonly okAtReturn: readonly boolean[];
  readonly ends: WindowedScriptedHandler['ends'];
}

function loggerOf(kind: LoggerKind): Logger {
  if (kind === 'silent') return silentLogger;
  if (kind === 'throwing') return throwingLogger;
  return createJsonLogger({ level: 'debug', write: () => undefined });
}

/** The margin under which no record starts, for scenarios with a deadline: small, so that a few milliseconds are a budget. */
const DEADLINE_MARGIN_MS = 4;

export async function runWindowScenario(windowScenario: WindowScenario): Promise<WindowOutcome> {
  const { scenario, invocation } = windowScenario;
  const items = flatten(scenario.entries);
  const probe = new Probe(items);
  const instance = new WindowedScriptedHandler(probe);
  const handler = createHandler([instance], {
    ordering: scenario.ordering,
    onFailure: scenario.onFailure,
    concurrency: scenario.concurrency,
    logger: loggerOf(scenario.logger),
    throwOnFullBatchFailure: invocation.throwOnFullBatchFailure,
    deadlineMarginMs: DEADLINE_MARGIN_MS,
  });
  const event = kinesisEvent(buildEvent(scenario.entries).Records, {
    window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' },
    state: { seed: INCOMING.seed, ids: [...INCOMING.ids] },
    final: invocation.final,
  });
  const sequenceNumbers = event.Records.map((record) => record.kinesis.sequenceNumber);
  probe.locate(sequenceNumbers);
  const context = invocation.remainingTimeMs === undefined ? undefined : lambdaContext({ remainingTimeMs: invocation.remainingTimeMs });
  let response: KinesisStreamBatchResponse | undefined;
  let rejection: unknown;
  try {
    response = await handler(event, context);
  } catch (error) {
    rejection = error;
  }
  return { scenario: windowScenario, items, sequenceNumbers, probe, response, rejection, okAtReturn: probe.log.map((log) => log.ok), ends: instance.ends };
}

/** The ids the state must hold after the incoming ones: items below the lowest reported sequence number, in batch order. */
export function expectedIds(outcome: WindowOutcome, reported: readonly string[]): number[] {
  const lowest = reported.reduce<bigint | undefined>((low, id) => (low === undefined || BigInt(id) < low ? BigInt(id) : low), undefined);
  return outcome.items
    .filter((item) => (lowest === undefined || BigInt(outcome.sequenceNumbers[item.parent]) < lowest) && contributes(item.id))
    .map((item) => item.id);
}

function describeRejection(reason: unknown): string {
  try {
    return reason instanceof Error ? `${reason.name}: ${reason.message}` : `a thrown ${typeof reason}`;
  } catch {
    return 'a value that cannot be described';
  }
}

/**
 * The window invariant. A non-final invocation returns `{ state, batchItemFailures }` whose state
 * is the incoming state plus the ids of the items below the lowest reported sequence number, in
 * batch order, each of which finished successfully; it throws only `FullBatchFailureError`, and
 * only when `throwOnFullBatchFailure` is on and no item completed. A final invocation with records
 * to report throws `WindowEndError` without ending the window; one without ends it once, with the
 * state it returns.
 */
export function stateIsTheFoldOfWhatLambdaWillNotRedeliver(outcome: WindowOutcome): string[] {
  const { invocation } = outcome.scenario;
  const violations: string[] = [];
  const { rejection, response, ends } = outcome;
  const completedUnits = outcome.okAtReturn.filter(Boolean).length;
  if (rejection !== undefined) {
    if (invocation.final && rejection instanceof WindowEndError) {
      if (rejection.failures.length === 0) violations.push('a WindowEndError of a final invocation names no record to retry');
      if (ends.length > 0) violations.push('the window ended although the final invocation failed');
      return violations;
    }
    if (rejection instanceof FullBatchFailureError) {
      if (!invocation.throwOnFullBatchFailure) violations.push('FullBatchFailureError without throwOnFullBatchFailure');
      if (completedUnits > 0) violations.push(`FullBatchFailureError although ${completedUnits} items completed`);
      if (invocation.final) violations.push('a final invocation with records to retry threw FullBatchFailureError, not WindowEndError');
      return violations;
    }
    return [`the invocation rejected with ${describeRejection(rejection)}`];
  }
  if (response === undefined || typeof response !== 'object' || !Array.isArray(response.batchItemFailures))
    return [`the response is ${JSON.stringify(response)}`];
  if (Object.keys(response).join() !== 'state,batchItemFailures') violations.push(`the response has the keys ${Object.keys(response).join(', ')}`);
  const reported = response.batchItemFailures.map((failure) => failure.itemIdentifier);
  if (invocation.final && reported.length > 0) violations.push(`a final invocation returned ${reported.length} records to retry instead of failing`);
  if (invocation.throwOnFullBatchFailure && outcome.items.length > 0 && completedUnits === 0)
    violations.push('no item completed, yet throwOnFullBatchFailure did not throw');

  const expected = expectedIds(outcome, reported);
  const state = response.state as IdsState | undefined;
  if (state?.seed !== INCOMING.seed) violations.push(`the state's seed is ${JSON.stringify(state?.seed)}`);
  const ids = Array.isArray(state?.ids) ? state.ids : [];
  const got = ids.slice(INCOMING.ids.length);
  if (ids.slice(0, INCOMING.ids.length).join() !== INCOMING.ids.join()) violations.push(`the state lost the incoming ids: ${ids.slice(0, 5).join()}`);
  if (got.join() !== expected.join()) {
    const extra = got.filter((id) => !expected.includes(id));
    const missing = expected.filter((id) => !got.includes(id));
    violations.push(
      `the state holds ${got.length} ids, the fold allows ${expected.length}` +
        (extra.length > 0 ? `; not allowed: items ${extra.slice(0, 5).join(', ')}` : '') +
        (missing.length > 0 ? `; missing: items ${missing.slice(0, 5).join(', ')}` : '') +
        (extra.length === 0 && missing.length === 0 ? '; same ids, another order' : ''),
    );
  }
  for (const id of got) {
    if (outcome.okAtReturn[id] !== true) violations.push(`item ${id} is in the state but had not finished successfully`);
  }
  if (invocation.final) {
    if (ends.length !== 1) violations.push(`the final invocation ended the window ${ends.length} times`);
    else if (JSON.stringify(ends[0].state) !== JSON.stringify(state)) violations.push('the end method got another state than the one handed back');
  } else if (ends.length > 0) {
    violations.push('a non-final invocation ended the window');
  }
  return violations;
}

export function expectNoWindowViolations(violations: readonly string[], outcome: WindowOutcome): void {
  if (violations.length === 0) return;
  const { scenario, invocation } = outcome.scenario;
  const shown = violations.slice(0, 5).join('; ');
  throw new Error(
    `the window invariant broke under ${scenario.ordering}/${scenario.onFailure}/concurrency ${scenario.concurrency} ` +
      `(final ${invocation.final}, throwOnFullBatchFailure ${invocation.throwOnFullBatchFailure}, deadline ${invocation.remainingTimeMs ?? 'none'}) ` +
      `with ${outcome.items.length} items: ${shown}${violations.length > 5 ? ` (and ${violations.length - 5} more)` : ''}`,
  );
}

const invocationArb: fc.Arbitrary<WindowInvocation> = fc.record({
  final: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  throwOnFullBatchFailure: fc.boolean(),
  // Mostly no deadline; else one that comes at once, or a few milliseconds in (where it falls depends on the machine; the invariant holds wherever).
  remainingTimeMs: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(0, 12, 40) }),
});

export function windowScenarioArb(batches: 'plain' | 'aggregated', ordering: Ordering, onFailure: OnFailure): fc.Arbitrary<WindowScenario> {
  const scenarios = batches === 'plain' ? plainBatchArb(ordering, onFailure) : aggregatedBatchArb(ordering, onFailure);
  return fc.tuple(scenarios, invocationArb).map(([scenario, invocation]) => ({ scenario, invocation }));
}
