import type { RouteDescription, WindowMethodDescription } from '../routing/route.js';
import type { HandlerSettings } from './handler-settings.js';

/**
 * What a deployment needs to know about a shardline handler: its compiled routes and its options.
 * Plain data, so it can cross a process boundary as JSON (`@shardline/cdk` loads the handler in a
 * child process).
 *
 * @example
 * const facts: HandlerFacts = { routes: handler.routes, options: handler.options };
 */
export interface HandlerFacts {
  readonly routes: readonly RouteDescription[];
  readonly options: HandlerSettings;
}

const SETTINGS: ReadonlyArray<[keyof HandlerSettings, 'string' | 'number' | 'boolean']> = [
  ['ordering', 'string'],
  ['concurrency', 'number'],
  ['onFailure', 'string'],
  ['unmatched', 'string'],
  ['invalid', 'string'],
  ['discriminator', 'string'],
  ['codec', 'string'],
  ['deaggregate', 'boolean'],
  ['decompress', 'boolean'],
  ['maxDecompressedBytes', 'number'],
  ['deadlineMarginMs', 'number'],
  ['throwOnFullBatchFailure', 'boolean'],
];

/**
 * The facts of a value that should be a shardline handler (what `createHandler` returns, or its
 * facts as JSON), or why it is not one.
 *
 * @example
 * const facts = readHandlerFacts(module.handler);
 * if (typeof facts === 'string') throw new Error(`not a shardline handler: ${facts}`);
 */
export function readHandlerFacts(value: unknown): HandlerFacts | string {
  if ((typeof value !== 'function' && typeof value !== 'object') || value === null) {
    return `it is ${value === null ? 'null' : `a ${typeof value}`}, not a handler made by createHandler()`;
  }
  const { routes, options } = value as { routes?: unknown; options?: unknown };
  if (!Array.isArray(routes)) return 'it has no route table (handler.routes); it is not a handler made by createHandler()';
  for (const route of routes as unknown[]) {
    if (!isRouteDescription(route)) return `its route table holds ${JSON.stringify(route)}, not a route description`;
  }
  if (typeof options !== 'object' || options === null) {
    return 'it has no handler.options; it was made by a shardline older than 0.2, which cannot tell a deployment its options';
  }
  for (const [name, type] of SETTINGS) {
    if (typeof (options as Record<string, unknown>)[name] !== type) return `its handler.options.${name} is not a ${type}`;
  }
  return { routes: routes as RouteDescription[], options: options as HandlerSettings };
}

/**
 * Whether an entry of `handler.routes` is a tumbling-window method (`@WindowReduce`, `@OnWindowEnd`)
 * rather than a route.
 *
 * @example
 * const windowed = facts.routes.some(isWindowMethod);
 */
export function isWindowMethod(route: RouteDescription): route is WindowMethodDescription {
  return route.kind === 'window-reduce' || route.kind === 'window-end';
}

function isRouteDescription(value: unknown): value is RouteDescription {
  const { kind, handler, method, codec } = (value ?? {}) as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof handler !== 'string' || typeof method !== 'string') return false;
  // A window method reads no record data, so no codec is asked of it; a route's codec decides its filters.
  return kind === 'window-reduce' || kind === 'window-end' || typeof codec === 'string';
}
