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
 * A route as `shardline routes` prints it and `handler.routes` lists it. The window methods of a
 * handler are listed too, after the routes: they read no record data, so their `codec` is `'none'`.
 *
 * @example
 * handler.routes.map((r) => `${r.kind} ${r.type ?? r.partitionKey} -> ${r.handler}.${r.method}`);
 */
export interface RouteDescription {
  readonly kind: DescribedKind;
  readonly handler: string;
  readonly method: string;
  readonly type?: string;
  readonly discriminator?: string;
  readonly partitionKey?: string;
  readonly payload?: string;
  readonly codec: string;
  /** On a route whose return value a tumbling window folds: `Handler.method` of the `@WindowReduce` method. */
  readonly contributesTo?: string;
  /** On a window method with a state class (`@WindowReduce({ state })`): the class's name. */
  readonly state?: string;
}

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
