import type { Codec } from '../records/codecs/codec';
import type { TypeReader } from './discriminator';
import type { CompiledRoute } from './route';

/**
 * Partition key routes: exact keys first (one map lookup), then patterns and predicates in
 * declaration order.
 */
export class KeyIndex {
  private readonly exact = new Map<string, CompiledRoute>();
  private readonly tests: Array<(key: string) => boolean> = [];
  private readonly tested: CompiledRoute[] = [];

  addExact(key: string, route: CompiledRoute): void {
    this.exact.set(key, route);
  }

  addTest(test: (key: string) => boolean, route: CompiledRoute): void {
    this.tests.push(test);
    this.tested.push(route);
  }

  match(partitionKey: string): CompiledRoute | undefined {
    const route = this.exact.get(partitionKey);
    if (route !== undefined) return route;
    for (let i = 0; i < this.tests.length; i++) if (this.tests[i](partitionKey)) return this.tested[i];
    return undefined;
  }

  get size(): number {
    return this.exact.size + this.tests.length;
  }
}

/** The routes of one payload type: those that also match a partition key, and the plain one. */
export interface TypeBucket {
  keyed: KeyIndex | undefined;
  plain: CompiledRoute | undefined;
}

/** Type routes that share a discriminator. */
export interface TypeGroup {
  readonly read: TypeReader;
  readonly buckets: Map<string, TypeBucket>;
}

/**
 * The compiled, frozen route table of a handler. Matching is lookups and plain loops; it never
 * reflects and never allocates.
 *
 * @example
 * const route = table.match(record.partitionKey, payload) ?? table.unmatched;
 */
export class RouteTable {
  /** Whether matching needs the payload decoded by the default codec (there are type routes). */
  readonly needsPayload: boolean;

  constructor(
    readonly routes: readonly CompiledRoute[],
    private readonly typeGroups: readonly TypeGroup[],
    private readonly keys: KeyIndex,
    readonly unmatched: CompiledRoute | undefined,
    readonly invalid: CompiledRoute | undefined,
    readonly defaultCodec: Codec,
  ) {
    this.needsPayload = typeGroups.length > 0;
    Object.freeze(this);
  }

  /**
   * The most specific route: type and key, then type, then key. `undefined` when none matches
   * (the caller then falls back to `unmatched`).
   */
  match(partitionKey: string, payload: unknown): CompiledRoute | undefined {
    for (let g = 0; g < this.typeGroups.length; g++) {
      const group = this.typeGroups[g];
      const type = group.read(payload);
      if (type === undefined) continue;
      const bucket = group.buckets.get(type);
      if (bucket === undefined) continue;
      const route = (bucket.keyed !== undefined ? bucket.keyed.match(partitionKey) : undefined) ?? bucket.plain;
      if (route !== undefined) return route;
    }
    return this.keys.match(partitionKey);
  }

  /** Partition key routes only: for records whose payload could not be decoded by the default codec. */
  matchPartitionKey(partitionKey: string): CompiledRoute | undefined {
    return this.keys.match(partitionKey);
  }

  /** The payload type under the first discriminator, for messages about unmatched records. */
  typeOf(payload: unknown): string | undefined {
    return this.typeGroups.length > 0 ? this.typeGroups[0].read(payload) : undefined;
  }
}
