import type { Codec } from '../records/codecs/codec.js';
import type { CompiledWindow } from './compile-window.js';
import type { TypeReader } from './discriminator.js';
import type { CompiledRoute } from './route.js';

/**
 * Partition key routes: exact keys first (one map lookup), then patterns and predicates in
 * declaration order.
 */
export class KeyIndex {
  readonly #exact = new Map<string, CompiledRoute>();
  readonly #tests: Array<(key: string) => boolean> = [];
  readonly #tested: CompiledRoute[] = [];

  addExact(key: string, route: CompiledRoute): void {
    this.#exact.set(key, route);
  }

  addTest(test: (key: string) => boolean, route: CompiledRoute): void {
    this.#tests.push(test);
    this.#tested.push(route);
  }

  match(partitionKey: string): CompiledRoute | undefined {
    const route = this.#exact.get(partitionKey);
    if (route !== undefined) return route;
    for (let i = 0; i < this.#tests.length; i++) if (this.#tests[i](partitionKey)) return this.#tested[i];
    return undefined;
  }
}

/** The routes of one payload type: those that also match a partition key, and the plain one. */
export interface TypeBucket {
  keyed: KeyIndex | undefined;
  plain: CompiledRoute | undefined;
}

/** Up to this many types, `TypeIndex.find` compares; above, it looks up. */
const FEW_TYPES = 8;

/**
 * The buckets of the types read by one discriminator. With a handful of types, a payload's type
 * (a string the codec has just made, never hashed yet) is compared with each in turn, which costs
 * less than hashing it for a map lookup; with more, the map answers.
 */
export class TypeIndex {
  readonly #byType = new Map<string, TypeBucket>();
  readonly #types: string[] = [];
  readonly #buckets: TypeBucket[] = [];

  /** The bucket of `type`, created empty on first use. */
  bucket(type: string): TypeBucket {
    let bucket = this.#byType.get(type);
    if (bucket === undefined) {
      bucket = { keyed: undefined, plain: undefined };
      this.#byType.set(type, bucket);
      this.#types.push(type);
      this.#buckets.push(bucket);
    }
    return bucket;
  }

  find(type: string): TypeBucket | undefined {
    const types = this.#types;
    if (types.length > FEW_TYPES) return this.#byType.get(type);
    for (let i = 0; i < types.length; i++) if (types[i] === type) return this.#buckets[i];
    return undefined;
  }
}

/** Type routes that share a codec and a discriminator. */
export interface TypeGroup {
  readonly read: TypeReader;
  readonly types: TypeIndex;
}

/**
 * The compiled, frozen route table of a handler. Matching is lookups and plain loops; it never
 * reflects and never allocates.
 *
 * @example
 * const route = table.matchType(0, record.partitionKey, payload) ?? table.matchPartitionKey(record.partitionKey) ?? table.unmatched;
 */
export class RouteTable {
  /** `#typeGroups[c]`: the type routes read with `typeCodecs[c]`, one group a discriminator. */
  readonly #typeGroups: ReadonlyArray<readonly TypeGroup[]>;
  readonly #keys: KeyIndex;

  constructor(
    readonly routes: readonly CompiledRoute[],
    /** The codecs type routes read types with, the handler's default first; empty without type routes. */
    readonly typeCodecs: readonly Codec[],
    typeGroups: ReadonlyArray<readonly TypeGroup[]>,
    keys: KeyIndex,
    readonly unmatched: CompiledRoute | undefined,
    readonly invalid: CompiledRoute | undefined,
    readonly defaultCodec: Codec,
    /** The tumbling-window methods, when the handler has them. */
    readonly window: CompiledWindow | undefined = undefined,
  ) {
    this.#typeGroups = typeGroups;
    this.#keys = keys;
    Object.freeze(this);
  }

  /**
   * The type route for a payload decoded with `typeCodecs[codecIndex]`: one matching type and
   * partition key first, then one matching the type. `undefined` when none matches.
   */
  matchType(codecIndex: number, partitionKey: string, payload: unknown): CompiledRoute | undefined {
    const groups = this.#typeGroups[codecIndex];
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const type = group.read(payload);
      if (type === undefined) continue;
      const bucket = group.types.find(type);
      if (bucket === undefined) continue;
      const route = (bucket.keyed !== undefined ? bucket.keyed.match(partitionKey) : undefined) ?? bucket.plain;
      if (route !== undefined) return route;
    }
    return undefined;
  }

  /** Partition key routes only. */
  matchPartitionKey(partitionKey: string): CompiledRoute | undefined {
    return this.#keys.match(partitionKey);
  }

  /** The payload type under the first discriminator, for messages about unmatched records. */
  typeOf(payload: unknown): string | undefined {
    return this.#typeGroups.length > 0 && this.#typeGroups[0].length > 0 ? this.#typeGroups[0][0].read(payload) : undefined;
  }
}
