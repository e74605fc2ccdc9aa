import type { RecordContext } from '../context.js';
import type { RouteKind } from '../metadata/definitions.js';
import type { Codec } from '../records/codecs/codec.js';
import type { PayloadValidator } from '../records/validate-payload.js';

/**
 * A route as `shardline routes` prints it and `handler.routes` lists it.
 *
 * @example
 * handler.routes.map((r) => `${r.kind} ${r.type ?? r.partitionKey} -> ${r.handler}.${r.method}`);
 */
export interface RouteDescription {
  readonly kind: RouteKind;
  readonly handler: string;
  readonly method: string;
  readonly type?: string;
  readonly discriminator?: string;
  readonly partitionKey?: string;
  readonly payload?: string;
  readonly codec: string;
}

/** A route ready for the hot path: everything resolved, the method bound to its instance. */
export interface CompiledRoute {
  /** `Handler.method`, as reported per record. */
  readonly id: string;
  readonly kind: RouteKind;
  readonly codec: Codec;
  readonly validate: PayloadValidator | undefined;
  readonly invoke: (payload: unknown, context: RecordContext) => unknown;
  readonly description: RouteDescription;
}
