import type { CodecOption } from '../records/codecs/codec.js';
import type { Interceptor } from '../routing/interceptor.js';

/** A class that can be instantiated; payload and handler classes both are. */
export type Constructor<T = object> = abstract new (...args: never[]) => T;

/**
 * How a payload type is read from a decoded record: a dot path into the payload (`'type'`,
 * `'detail-type'`, `'meta.kind'`) or a function that returns the type name.
 */
export type Discriminator = string | ((payload: unknown) => unknown);

/** A partition key matcher: the exact key, a pattern, or a predicate. */
export type PartitionKeyMatcher = string | RegExp | ((partitionKey: string) => boolean);

/**
 * What `@PayloadType` records on a payload class. `discriminator` and `acknowledge` are inherited
 * by subclasses that do not set their own; `name` never is (each class names its own type).
 */
export interface PayloadTypeDefinition {
  /** `undefined` on a base class that only says how its subclasses are recognised. */
  readonly name: string | undefined;
  /** Overrides the handler's discriminator for this payload type (e.g. `'detail-type'`). */
  readonly discriminator: Discriminator | undefined;
  /** Types, under the same discriminator, that a handler using this class succeeds without calling a route. */
  readonly acknowledge?: readonly string[];
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
  readonly type?: string;
  readonly discriminator?: Discriminator;
  readonly partitionKey?: PartitionKeyMatcher;
  readonly payload?: Constructor;
  readonly codec?: CodecOption;
}

/**
 * What `@UseInterceptors` records on a handler class: the interceptors of every route of the class,
 * and those of single methods, each list in the order it applies (outermost first).
 */
export interface InterceptorsDefinition {
  readonly handler: readonly Interceptor[];
  readonly methods: ReadonlyMap<string | symbol, readonly Interceptor[]>;
}

/** The part a method plays in a tumbling window: the reducer, or the method called when the window ends. */
export type WindowMethodKind = 'reduce' | 'end';

/** What `@WindowReduce` and `@OnWindowEnd` record: one per decorated method, in declaration order. */
export interface WindowMethodDefinition {
  readonly kind: WindowMethodKind;
  readonly method: string | symbol;
  /** The state class of `@WindowReduce({ state })`: Lambda's state is transformed into it and validated with it. */
  readonly state: Constructor | undefined;
}
