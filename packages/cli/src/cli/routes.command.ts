import type { RoutesArgs } from './args.js';
import { CliError } from './cli-error.js';
import { loadExport } from './load-module.js';
import { table, toJson, type Io } from './output.js';

/** A route as a shardline handler describes it (`handler.routes`). */
interface RouteView {
  kind: string;
  handler: string;
  method: string;
  type?: string;
  partitionKey?: string;
  payload?: string;
  codec: string;
  discriminator?: string;
  /** A route whose return value a tumbling window folds: the `@WindowReduce` method's `Handler.method`. */
  contributesTo?: string;
  /** A window method's state class. */
  state?: string;
}

/** Window methods read no record data: no type, key or codec, and their state class where a route's payload class goes. */
function row(route: RouteView, position: number): string[] {
  const method = `${route.handler}.${route.method}`;
  if (route.kind === 'window-reduce' || route.kind === 'window-end') return [String(position), route.kind, '-', '-', route.state ?? '-', '-', method];
  const contributes = route.contributesTo === undefined ? '' : ` (folded by ${route.contributesTo})`;
  return [String(position), route.kind, route.type ?? '-', route.partitionKey ?? '-', route.payload ?? '-', route.codec, `${method}${contributes}`];
}

/**
 * `shardline routes <module>`: prints the compiled route table of a shardline handler.
 *
 * @example
 * const code = routesCommand({ module: 'examples/orders/handler.ts', exportName: 'handler', json: false }, processIo);
 */
export function routesCommand(args: RoutesArgs, io: Io): number {
  const value = loadExport(args.module, args.exportName);
  const routes = readRoutes(value);
  if (routes === undefined) {
    const what = typeof value === 'function' ? 'a plain function' : value === null ? 'null' : `a ${typeof value}`;
    throw new CliError(
      `export "${args.exportName}" of ${args.module} is not a shardline handler (it is ${what}, without a route table); routes works with handlers made by createHandler()`,
    );
  }
  if (args.json) {
    io.out(toJson({ module: args.module, export: args.exportName, routes }));
    return 0;
  }
  if (routes.length === 0) {
    io.out('no routes');
    return 0;
  }
  io.out(table([['#', 'KIND', 'TYPE', 'PARTITION KEY', 'PAYLOAD', 'CODEC', 'METHOD'], ...routes.map((route, i) => row(route, i + 1))]));
  return 0;
}

/**
 * The route table of a value when it is a shardline handler, `undefined` otherwise.
 *
 * @example
 * readRoutes(createHandler([Orders]))?.length; // 3
 */
export function readRoutes(value: unknown): RouteView[] | undefined {
  if (typeof value !== 'function') return undefined;
  const routes = (value as { routes?: unknown }).routes;
  return Array.isArray(routes) ? (routes as RouteView[]) : undefined;
}
