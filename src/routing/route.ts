import type { RecordContext } from '../context.js';
import type { RouteKind } from '../metadata/definitions.js';
import type { Codec } from '../records/codecs/codec.js';
import type { PayloadValidator } from '../records/validate-payload.js';

/**
 * What a method is, in `handler.routes`: a route kind, or a tumbling-window method
 * (`'window-reduce'` for `@WindowReduce`, `'window-end'` for `@OnWindowEnd`).
 *
 * @example
 * const folds = handler.routes.some((route) => route.kind === 'window-reduce');
 */
export type DescribedKind = RouteKind | 'window-reduce' | 'window-end';

/**
 * How `handler.routes` lists a route: what it matches, the payload class and codec it decodes with.
 *
 * @example
 * const types = handler.routes.flatMap((r) => (r.kind === 'record' && r.type !== undefined ? [r.type] : []));
 */
export interface RecordRouteDescription {
  readonly kind: RouteKind;
  readonly handler: string;
  readonly method: string;
  readonly type?: string;
  readonly discriminator?: string;
  readonly partitionKey?: string;
  readonly payload?: string;
  readonly codec: string;
  /** On a route whose return value a tumbling window folds: `Handler.method` of the `@WindowReduce` method. */
  readonly contributesTo?: string;
  readonly state?: undefined;
}

/**
 * How `handler.routes` lists a tumbling-window method (`@WindowReduce`, `@OnWindowEnd`). It reads no
 * record data, so it has no type, key or payload class, and its `codec` is `'none'`.
 *
 * @example
 * const reducer = handler.routes.find((r): r is WindowMethodDescription => r.kind === 'window-reduce');
 */
export interface WindowMethodDescription {
  readonly kind: 'window-reduce' | 'window-end';
  readonly handler: string;
  readonly method: string;
  /** With a state class (`@WindowReduce({ state })`): the class's name. */
  readonly state?: string;
  readonly codec: 'none';
  // Absent, and declared so that code reading `handler.routes` needs no narrowing to read them.
  readonly type?: undefined;
  readonly discriminator?: undefined;
  readonly partitionKey?: undefined;
  readonly payload?: undefined;
  readonly contributesTo?: undefined;
}

/**
 * An entry of `handler.routes`, as `shardline routes` prints it: a route, or, after the routes, a
 * window method of the handler. `kind` tells them apart.
 *
 * @example
 * handler.routes.map((r) => `${r.kind} ${r.type ?? r.partitionKey} -> ${r.handler}.${r.method}`);
 */
export type RouteDescription = RecordRouteDescription | WindowMethodDescription;

/** A route ready for the hot path: everything resolved, the method bound to its instance. */
export interface CompiledRoute {
  /** `Handler.method`, as reported per record. */
  readonly id: string;
  readonly kind: RouteKind;
  readonly codec: Codec;
  readonly validate: PayloadValidator | undefined;
  readonly invoke: (payload: unknown, context: RecordContext) => unknown;
  /** Whether what `invoke` returns is the record's contribution to a tumbling window's state. */
  readonly contributes: boolean;
  readonly description: RouteDescription;
}
