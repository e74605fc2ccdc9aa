/**
 * Compiles the tumbling-window methods of a set of handlers, once, at cold start: at most one
 * `@WindowReduce` and one `@OnWindowEnd`, in the same class, beside the routes whose return values
 * the reducer folds. Every other combination is a `DefinitionError` that says what to change.
 */
import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import { DefinitionError } from '../errors.js';
import type { Constructor, RouteDefinition, WindowMethodDefinition } from '../metadata/definitions.js';
import { getWindowMethods } from '../metadata/metadata.js';
import type { Reducer } from '../runtime/window/fold.js';
import type { WindowContext } from '../runtime/window/window-context.js';
import { WindowRuntime } from '../runtime/window/window-runtime.js';
import { classStateShape, openingStateProblem, plainStateShape, type StateShape } from '../runtime/window/window-state.js';
import type { WindowSettler } from '../runtime/window-settler.js';
import type { RouteDescription } from './route.js';
import type { WindowSupport } from './window-support.js';

/** What window compilation needs of a handler binding (see `HandlerBinding`). */
export interface WindowBinding {
  readonly instance: object;
  readonly cls: Constructor;
  readonly routes: readonly RouteDefinition[];
}

/**
 * The window methods of a handler, ready to run: the reducer and the end method bound to their
 * instance, the state's shape, and how `handler.routes` lists them.
 */
export interface CompiledWindow extends Reducer {
  /** The class whose routes contribute. */
  readonly cls: Constructor;
  /** `Handler.method` of the `@OnWindowEnd` method. */
  readonly endId: string;
  readonly end: (state: object, window: WindowContext) => unknown;
  readonly state: StateShape;
  readonly descriptions: readonly RouteDescription[];
  /** A new runtime for the window (one per handler: it remembers what it warned about). */
  runtime(): WindowSettler;
}

/** What `codec` says of a window method in `handler.routes`: it reads no record data. */
export const NO_CODEC = 'none';

type AnyFunction = (...args: never[]) => unknown;

/** The constructor a function was made by: `Function`, or that of async or generator functions. */
function constructorOf(fn: AnyFunction): unknown {
  return (Object.getPrototypeOf(fn) as { constructor?: unknown } | null)?.constructor;
}

// Calling these returns a promise or an iterator, never a state.
const NOT_SYNCHRONOUS: ReadonlyMap<unknown, string> = new Map([
  [constructorOf(async function () {}), 'an async method'],
  [constructorOf(function* () {}), 'a generator method'],
  [constructorOf(async function* () {}), 'an async generator method'],
]);

interface Found {
  readonly binding: WindowBinding;
  readonly definition: WindowMethodDefinition;
  readonly id: string;
  readonly fn: AnyFunction;
}

/**
 * Compiles the window methods of `bindings`, or returns `undefined` when none has any.
 *
 * @throws DefinitionError for a window method that is not a method of its instance, is also a
 *   route, or is decorated twice; two reducers or two end methods; a reducer without an end method
 *   or the reverse, or the two in different classes; an async or generator reducer; a state class
 *   whose empty instance (how Lambda opens a window) does not validate.
 * @example
 * const window = compileWindow(bindings, { transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS });
 */
export function compileWindow(
  bindings: readonly WindowBinding[],
  validation: { readonly transformer: ClassTransformOptions; readonly validator: ValidatorOptions },
): CompiledWindow | undefined {
  const reducers: Found[] = [];
  const ends: Found[] = [];
  for (const binding of bindings) {
    const handler = binding.cls.name || 'anonymous handler';
    const seen = new Set<string | symbol>();
    for (const definition of getWindowMethods(binding.cls)) {
      const decorator = definition.kind === 'reduce' ? '@WindowReduce' : '@OnWindowEnd';
      const id = `${handler}.${String(definition.method)}`;
      if (seen.has(definition.method)) throw new DefinitionError(`${id} has more than one window decorator; a method is the reducer or the end method, once`);
      seen.add(definition.method);
      if (binding.routes.some((route) => route.method === definition.method)) {
        throw new DefinitionError(`${id} is both a route and ${decorator}; the reducer folds what routes return, so they are separate methods`);
      }
      const fn = (binding.instance as Record<string | symbol, unknown>)[definition.method];
      if (typeof fn !== 'function') throw new DefinitionError(`${id} is decorated with ${decorator} but is not a method of the instance`);
      (definition.kind === 'reduce' ? reducers : ends).push({ binding, definition, id, fn: fn as AnyFunction });
    }
  }
  if (reducers.length === 0 && ends.length === 0) return undefined;
  if (reducers.length > 1)
    throw new DefinitionError(`${reducers.map((r) => r.id).join(' and ')} are both @WindowReduce; a handler folds one state, with one reducer`);
  if (ends.length > 1) throw new DefinitionError(`${ends.map((e) => e.id).join(' and ')} are both @OnWindowEnd; a window ends once, in one method`);
  const [reducer] = reducers;
  const [end] = ends;
  if (reducer === undefined) {
    throw new DefinitionError(
      `${end.id} is @OnWindowEnd, but no method is @WindowReduce, so the state it receives would never change; add a reducer to ${end.binding.cls.name || 'its class'}`,
    );
  }
  if (end === undefined) {
    throw new DefinitionError(
      `${reducer.id} folds a window state that nothing reads: Lambda drops it after the window's final invocation. Add an @OnWindowEnd method to ${reducer.binding.cls.name || 'its class'} that receives it`,
    );
  }
  if (end.binding !== reducer.binding) {
    throw new DefinitionError(
      `${reducer.id} (@WindowReduce) and ${end.id} (@OnWindowEnd) are in different classes; put them in one class, the one whose routes contribute`,
    );
  }
  const notSynchronous = NOT_SYNCHRONOUS.get(constructorOf(reducer.fn));
  if (notSynchronous !== undefined) {
    throw new DefinitionError(
      `${reducer.id} is ${notSynchronous}; a reducer is synchronous and returns the new state (do the I/O in a route, and return what it found)`,
    );
  }
  const stateClass = reducer.definition.state;
  if (stateClass !== undefined) {
    const problem = openingStateProblem(stateClass, validation);
    if (problem !== undefined) {
      throw new DefinitionError(
        `${reducer.id}: Lambda opens every window with the state {}, which is not a valid ${stateClass.name || 'state class'} (${problem}); give its fields initial values`,
      );
    }
  }
  const handler = reducer.binding.cls.name || 'anonymous handler';
  const describe = (found: Found, kind: 'window-reduce' | 'window-end'): RouteDescription =>
    Object.freeze({ kind, handler, method: String(found.definition.method), ...(stateClass !== undefined && { state: stateClass.name }), codec: NO_CODEC });
  const window: CompiledWindow = Object.freeze({
    cls: reducer.binding.cls,
    id: reducer.id,
    reduce: (reducer.fn as Reducer['reduce']).bind(reducer.binding.instance),
    endId: end.id,
    end: (end.fn as CompiledWindow['end']).bind(end.binding.instance),
    state: stateClass === undefined ? plainStateShape() : classStateShape(stateClass, validation),
    descriptions: Object.freeze([describe(reducer, 'window-reduce'), describe(end, 'window-end')]),
    runtime: () => new WindowRuntime(window),
  });
  return window;
}

/**
 * The message for a class with window methods and no route: its reducer would have nothing to fold.
 *
 * @example
 * windowWithoutRoutes('Revenue'); // 'createHandler: Revenue has window methods but no route: ...'
 */
export function windowWithoutRoutes(name: string): string {
  return `createHandler: ${name} has window methods but no route: its @WindowReduce folds what its routes return; decorate a method with @OnRecord, @OnPartitionKey, @OnUnmatched or @OnInvalid`;
}

/**
 * The window machinery as the core reaches it: recorded on a class by `@WindowReduce` and
 * `@OnWindowEnd`, called by `createHandler` only for classes that have them.
 *
 * @example
 * getWindowSupport(Revenue)?.compile(bindings, validation);
 */
export const windowSupport: WindowSupport = Object.freeze({ compile: compileWindow, withoutRoutes: windowWithoutRoutes });
