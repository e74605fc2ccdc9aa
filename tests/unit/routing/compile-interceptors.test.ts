import 'reflect-metadata';
import { OnPartitionKey, StreamHandler, UseInterceptors, type Interceptor, type RecordContext } from 'shardline';
import { getRoutes, getStreamHandler } from '../../../src/metadata/metadata';
import type { Constructor } from '../../../src/metadata/definitions';
import { jsonCodec } from '../../../src/records/codecs/json.codec';
import { DEFAULT_VALIDATOR_OPTIONS } from '../../../src/records/validate-payload';
import { compileRouteTable } from '../../../src/routing/compile-routes';

function compile(cls: Constructor, interceptors: readonly Interceptor[] = []) {
  const binding = { instance: new (cls as unknown as new () => object)(), cls, definition: getStreamHandler(cls)!, routes: getRoutes(cls) };
  return compileRouteTable([binding], {
    codec: jsonCodec,
    discriminator: 'type',
    transformer: {},
    validator: DEFAULT_VALIDATOR_OPTIONS,
    interceptors,
  });
}

const passThrough: Interceptor = (_call, next) => next();

describe('compiling interceptors into routes', () => {
  it('keeps the bound method as the invoke of a route without interceptors', () => {
    @StreamHandler()
    class Plain {
      @OnPartitionKey(() => true)
      on() {
        return 'sync result';
      }
    }

    const [route] = compile(Plain).routes;

    expect(route.invoke.name).toBe('bound on');
    expect(route.invoke({}, {} as RecordContext)).toBe('sync result');
  });

  it('compiles the global, class and method interceptors into the invoke of the route they apply to', async () => {
    @StreamHandler()
    @UseInterceptors(passThrough)
    class Intercepted {
      @OnPartitionKey('a')
      @UseInterceptors(passThrough)
      a() {
        return 'a';
      }

      @OnPartitionKey('b')
      b() {
        return 'b';
      }
    }

    const [a, b] = compile(Intercepted, [passThrough]).routes;

    expect(a.invoke.name).not.toBe('bound a');
    expect(b.invoke.name).not.toBe('bound b');
    await expect(a.invoke({}, {} as RecordContext)).resolves.toBe('a');
    await expect(b.invoke({}, {} as RecordContext)).resolves.toBe('b');
  });
});
