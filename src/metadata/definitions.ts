import type { CodecOption } from '../records/codecs/codec';

/** A class that can be instantiated; payload and handler classes both are. */
export type Constructor<T = object> = abstract new (...args: never[]) => T;

/**
 * How a payload type is read from a decoded record: a dot path into the payload (`'type'`,
 * `'detail-type'`, `'meta.kind'`) or a function that returns the type name.
 */
export type Discriminator = string | ((payload: unknown) => unknown);

/** A partition key matcher: the exact key, a pattern, or a predicate. */
export type PartitionKeyMatcher = string | RegExp | ((partitionKey: string) => boolean);

/** What `@PayloadType` records on a payload class. */
export interface PayloadTypeDefinition {
  readonly name: string;
  /** Overrides the handler's discriminator for this payload type (e.g. `'detail-type'`). */
  readonly discriminator: Discriminator | undefined;
}

/** What `@StreamHandler` records on a handler class. */
export interface StreamHandlerDefinition {
  readonly codec: CodecOption | undefined;
}

export type RouteKind = 'record' | 'partition-key' | 'unmatched' | 'invalid';

/** What a route decorator records: one per decorated method, in declaration order. */
export interface RouteDefinition {
  readonly kind: RouteKind;
  readonly method: string | symbol;
  readonly type: string | undefined;
  readonly discriminator: Discriminator | undefined;
  readonly partitionKey: PartitionKeyMatcher | undefined;
  readonly payload: Constructor | undefined;
  readonly codec: CodecOption | undefined;
}
