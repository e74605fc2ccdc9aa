/**
 * The only module that touches `Reflect.*Metadata`. Metadata lives on the classes themselves, never
 * in a global registry, so nothing leaks between handlers or between tests.
 */
import 'reflect-metadata';
import type { Interceptor } from '../routing/interceptor.js';
import type { WindowSupport } from '../routing/window-support.js';
import { INTERCEPTORS_KEY, PAYLOAD_TYPE_KEY, ROUTES_KEY, STREAM_HANDLER_KEY, WINDOW_METHODS_KEY, WINDOW_SUPPORT_KEY } from './keys.js';
import type {
  Constructor,
  InterceptorsDefinition,
  PayloadTypeDefinition,
  RouteDefinition,
  StreamHandlerDefinition,
  WindowMethodDefinition,
} from './definitions.js';

export function defineStreamHandler(target: Constructor, definition: StreamHandlerDefinition): void {
  Reflect.defineMetadata(STREAM_HANDLER_KEY, definition, target);
}

/** Own metadata only: a subclass of a handler is not a handler until it says so itself. */
export function getStreamHandler(target: Constructor): StreamHandlerDefinition | undefined {
  return Reflect.getOwnMetadata(STREAM_HANDLER_KEY, target) as StreamHandlerDefinition | undefined;
}

export function definePayloadType(target: Constructor, definition: PayloadTypeDefinition): void {
  Reflect.defineMetadata(PAYLOAD_TYPE_KEY, definition, target);
}

export function getPayloadType(target: Constructor): PayloadTypeDefinition | undefined {
  return Reflect.getOwnMetadata(PAYLOAD_TYPE_KEY, target) as PayloadTypeDefinition | undefined;
}

/**
 * Appends a route. The array is copied, not mutated, so a subclass adding routes never changes its
 * parent's table.
 */
export function addRoute(target: Constructor, route: RouteDefinition): void {
  const routes = getRoutes(target);
  Reflect.defineMetadata(ROUTES_KEY, [...routes, route], target);
}

/** Routes of the class and, through the prototype chain, of the classes it extends. */
export function getRoutes(target: Constructor): readonly RouteDefinition[] {
  return (Reflect.getMetadata(ROUTES_KEY, target) as readonly RouteDefinition[] | undefined) ?? [];
}

/**
 * Puts `interceptors` outside those already recorded for the class (`method` undefined) or for one
 * of its methods. Decorators run bottom-up, so prepending makes stacked decorators apply in the
 * order they read. The definition is copied, not mutated: a subclass never changes its parent's.
 */
export function addInterceptors(target: Constructor, method: string | symbol | undefined, interceptors: readonly Interceptor[]): void {
  const current = getInterceptors(target);
  const methods = new Map(current.methods);
  if (method !== undefined) methods.set(method, Object.freeze([...interceptors, ...(current.methods.get(method) ?? [])]));
  const handler = method === undefined ? Object.freeze([...interceptors, ...current.handler]) : current.handler;
  Reflect.defineMetadata(INTERCEPTORS_KEY, Object.freeze({ handler, methods }), target);
}

/** Interceptors of the class and its methods, including those of the classes it extends. */
export function getInterceptors(target: Constructor): InterceptorsDefinition {
  return (Reflect.getMetadata(INTERCEPTORS_KEY, target) as InterceptorsDefinition | undefined) ?? { handler: [], methods: new Map() };
}

/** Appends a window method (`@WindowReduce`, `@OnWindowEnd`). Copied, not mutated, like routes. */
export function addWindowMethod(target: Constructor, definition: WindowMethodDefinition): void {
  Reflect.defineMetadata(WINDOW_METHODS_KEY, [...getWindowMethods(target), definition], target);
}

/** Window methods of the class and, through the prototype chain, of the classes it extends. */
export function getWindowMethods(target: Constructor): readonly WindowMethodDefinition[] {
  return (Reflect.getMetadata(WINDOW_METHODS_KEY, target) as readonly WindowMethodDefinition[] | undefined) ?? [];
}

/**
 * Records the window machinery with a class's window methods: the core reaches it only through this
 * metadata, so a handler without window methods never loads it.
 */
export function defineWindowSupport(target: Constructor, support: WindowSupport): void {
  Reflect.defineMetadata(WINDOW_SUPPORT_KEY, support, target);
}

/** The window machinery, when the class (or one it extends) has window methods. */
export function getWindowSupport(target: Constructor): WindowSupport | undefined {
  return Reflect.getMetadata(WINDOW_SUPPORT_KEY, target) as WindowSupport | undefined;
}
