/**
 * The generated Lambda entrypoint. Everything that can be decided before the first record is
 * decided here, once per cold start: options, handler instances, the route table, validation paths.
 */
import { DefinitionError, FullBatchFailureError, kindOf } from './errors.js';
import { settingsOf, type HandlerSettings } from './deployment/handler-settings.js';
import type { Constructor } from './metadata/definitions.js';
import { getRoutes, getStreamHandler, getWindowSupport } from './metadata/metadata.js';
import { resolveOptions, type HandlerOptions } from './options.js';
import { compileRouteTable, ROUTE_DECORATORS, type HandlerBinding } from './routing/compile-routes.js';
import type { RouteDescription } from './routing/route.js';
import { BatchProcessor, reportRun, type BatchReport, type BatchRun } from './runtime/batch-processor.js';
import { describeThrown } from './runtime/loggable.js';
import { isDone } from './runtime/outcome.js';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamStateResponse, KinesisStreamTumblingWindowEvent, LambdaContext } from './types.js';

/**
 * The function `createHandler` returns: export it as the Lambda handler.
 *
 * @example
 * export const handler: ShardlineHandler = createHandler([Orders]);
 * const { response, records } = await handler.processBatch(event);
 */
export interface ShardlineHandler {
  /** A tumbling-window event: the response carries the window's `state` (so the handler is also a `KinesisStreamTumblingWindowHandler`). */
  (event: KinesisStreamTumblingWindowEvent, context?: LambdaContext): Promise<KinesisStreamBatchResponse & KinesisStreamStateResponse>;
  (event: KinesisStreamEvent, context?: LambdaContext): Promise<KinesisStreamBatchResponse>;
  /** The compiled route table, in declaration order, then the tumbling-window methods. */
  readonly routes: readonly RouteDescription[];
  /** The options in force, after defaults, as plain data: what `@shardline/cdk` and `shardline template` check a deployment against. */
  readonly options: HandlerSettings;
  /**
   * Processes a batch like the handler and also says what happened to each record (and to the
   * tumbling window, when the event has one). Never throws for failed records; rejects where the
   * handler would for another reason: an invalid event, or a window that cannot be handed back or
   * ended (`WindowReduceError`, `WindowStateError`, `WindowEndError`).
   */
  processBatch(event: KinesisStreamEvent, context?: LambdaContext): Promise<BatchReport>;
}

/**
 * Builds the Lambda handler from decorated handler classes (or instances of them).
 *
 * @throws DefinitionError (or a subclass: RouteConflictError, InvalidOptionError) for any mistake in
 *   the classes or options, at cold start.
 * @example
 * export const handler = createHandler([Orders, Audit], { ordering: 'partition-key', concurrency: 32 });
 */
export function createHandler(handlers: ReadonlyArray<Constructor | object>, options: HandlerOptions = {}): ShardlineHandler {
  const resolved = resolveOptions(options);
  if (!Array.isArray(handlers) || handlers.length === 0) throw refusal(`needs an array of at least one ${HANDLER}`);
  const bindings = bind(handlers, resolved.instantiate);
  const table = compileRouteTable(bindings, resolved);
  const processor = new BatchProcessor(table, resolved);
  const throwOnFullBatchFailure = resolved.throwOnFullBatchFailure;

  const handler = async (event: KinesisStreamEvent, context?: LambdaContext): Promise<KinesisStreamBatchResponse> => {
    const run = await processor.run(event, context);
    if (throwOnFullBatchFailure && run.batch.size > 0 && noneDone(run)) {
      throw new FullBatchFailureError(Array.from(run.outcomes, (_, i) => ({ sequenceNumber: run.batch.sequenceNumber(i), error: run.errors[i] })));
    }
    return run.response;
  };
  const processBatch = async (event: KinesisStreamEvent, context?: LambdaContext): Promise<BatchReport> => reportRun(await processor.run(event, context));
  const routes = Object.freeze([...table.routes.map((route) => route.description), ...(table.window?.descriptions ?? [])]);
  // One function answers both call signatures: a window event's response carries its state.
  return Object.freeze(Object.assign(handler as ShardlineHandler, { routes, options: settingsOf(resolved), processBatch }));
}

function noneDone(run: BatchRun): boolean {
  for (let i = 0; i < run.outcomes.length; i++) if (isDone(run.outcomes[i])) return false;
  return true;
}

function bind(handlers: ReadonlyArray<Constructor | object>, instantiate: (handler: Constructor) => object): HandlerBinding[] {
  const seen = new Set<Constructor>();
  return handlers.map((entry, position) => {
    const isClass = typeof entry === 'function';
    if (!isClass && (typeof entry !== 'object' || entry === null)) {
      throw refusal(`handlers[${position}] is ${kindOf(entry)}, not a ${HANDLER}`);
    }
    const cls = (isClass ? entry : entry.constructor) as Constructor;
    const name = cls.name || `handlers[${position}]`;
    const definition = getStreamHandler(cls);
    if (definition === undefined) throw refusal(`${name} is not decorated with @StreamHandler()`);
    if (seen.has(cls)) throw refusal(`${name} is given twice`);
    seen.add(cls);
    const routes = getRoutes(cls);
    if (routes.length === 0) {
      const window = getWindowSupport(cls);
      throw window === undefined
        ? refusal(`${name} has no route; decorate a method with ${ROUTE_DECORATORS}`)
        : new DefinitionError(window.withoutRoutes(name));
    }
    return { instance: isClass ? create(cls, name, instantiate) : entry, cls, definition, routes };
  });
}

function create(cls: Constructor, name: string, instantiate: (handler: Constructor) => object): object {
  let instance: unknown;
  try {
    instance = instantiate(cls);
  } catch (error) {
    throw refusal(`creating ${name} failed: ${describeThrown(error)}`, { cause: error });
  }
  if (typeof instance !== 'object' || instance === null) throw refusal(`instantiate(${name}) returned ${describeThrown(instance)}, not an object`);
  return instance;
}

const HANDLER = '@StreamHandler class or instance';

/** `createHandler: <what>`, the way every refusal of the handlers given to it begins. */
function refusal(what: string, options?: { cause: unknown }): DefinitionError {
  return new DefinitionError(`createHandler: ${what}`, options);
}
