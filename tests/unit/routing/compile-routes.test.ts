import 'reflect-metadata';
import { OnInvalid, OnPartitionKey, OnRecord, OnUnmatched, PayloadType, RouteConflictError, StreamHandler } from 'shardline';
import { getRoutes, getStreamHandler } from '../../../src/metadata/metadata';
import { jsonCodec } from '../../../src/records/codecs/json.codec';
import { DEFAULT_VALIDATOR_OPTIONS } from '../../../src/records/validate-payload';
import { compileRouteTable } from '../../../src/routing/compile-routes';
import type { Constructor } from '../../../src/metadata/definitions';

function table(...classes: Constructor[]) {
  const bindings = classes.map((cls) => ({
    instance: new (cls as unknown as new () => object)(),
    cls,
    definition: getStreamHandler(cls)!,
    routes: getRoutes(cls),
  }));
  return compileRouteTable(bindings, { codec: jsonCodec, discriminator: 'type', transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS });
}

@PayloadType('created')
class Created {}

@StreamHandler()
class Routes {
  @OnRecord({ type: 'created', partitionKey: /^vip-/ })
  vip() {}
  @OnRecord(Created)
  created() {}
  @OnPartitionKey('audit')
  audit() {}
  @OnPartitionKey(/^aud/)
  auditLike() {}
  @OnUnmatched()
  rest() {}
  @OnInvalid()
  bad() {}
}

describe('a compiled route table', () => {
  const compiled = table(Routes);
  const id = (route: { id: string } | undefined) => route?.id;
  const match = (partitionKey: string, payload: unknown) => compiled.matchType(0, partitionKey, payload) ?? compiled.matchPartitionKey(partitionKey);

  it('matches type and key before type alone', () => {
    expect(id(match('vip-1', { type: 'created' }))).toBe('Routes.vip');
    expect(id(match('regular', { type: 'created' }))).toBe('Routes.created');
  });

  it('falls back to partition key routes when the type has no route', () => {
    expect(id(match('audit', { type: 'deleted' }))).toBe('Routes.audit');
    expect(id(match('auditor', { type: 'deleted' }))).toBe('Routes.auditLike');
  });

  it('matches nothing (leaving the caller to use unmatched) when no route fits', () => {
    expect(match('zzz', { type: 'deleted' })).toBeUndefined();
    expect(id(compiled.unmatched)).toBe('Routes.rest');
    expect(id(compiled.invalid)).toBe('Routes.bad');
  });

  it('reads types with a codec only when there are type routes', () => {
    @StreamHandler()
    class KeysOnly {
      @OnPartitionKey('a')
      a() {}
    }
    expect([compiled.typeCodecs.map((c) => c.name), table(KeysOnly).typeCodecs]).toEqual([['json'], []]);
  });

  it('is frozen after compilation', () => {
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(Object.isFrozen(compiled.routes)).toBe(true);
  });

  it('describes its routes for route listings', () => {
    expect(compiled.routes.map((r) => r.description)).toEqual([
      { kind: 'record', handler: 'Routes', method: 'vip', type: 'created', discriminator: 'type', partitionKey: '/^vip-/', codec: 'json' },
      { kind: 'record', handler: 'Routes', method: 'created', type: 'created', discriminator: 'type', payload: 'Created', codec: 'json' },
      { kind: 'partition-key', handler: 'Routes', method: 'audit', partitionKey: '"audit"', codec: 'json' },
      { kind: 'partition-key', handler: 'Routes', method: 'auditLike', partitionKey: '/^aud/', codec: 'json' },
      { kind: 'unmatched', handler: 'Routes', method: 'rest', codec: 'json' },
      { kind: 'invalid', handler: 'Routes', method: 'bad', codec: 'json' },
    ]);
  });

  it('tells discriminator functions apart by identity: the same one conflicts, two others do not', () => {
    // Both without a name, so only their identities tell them apart.
    const field = (name: string) => [(payload: unknown) => (payload as Record<string, string>)[name]][0];
    const kind = field('kind');
    const tag = field('tag');
    @StreamHandler()
    class Apart {
      @OnRecord({ type: 'a', discriminator: kind })
      byKind() {}
      @OnRecord({ type: 'a', discriminator: tag })
      byTag() {}
    }
    @StreamHandler()
    class Same {
      @OnRecord({ type: 'a', discriminator: kind })
      one() {}
      @OnRecord({ type: 'a', discriminator: kind })
      two() {}
    }

    expect(table(Apart).routes.map((r) => r.id)).toEqual(['Apart.byKind', 'Apart.byTag']);
    expect(() => table(Same)).toThrow(new RouteConflictError('Same.two and Same.one both handle type "a" by function #1; keep one, or make one more specific'));
  });
});
