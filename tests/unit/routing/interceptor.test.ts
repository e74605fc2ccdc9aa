import type { RecordContext } from '../../../src/context';
import { intercept, type Interceptor, type RouteInvoke } from '../../../src/routing/interceptor';
import type { RouteDescription } from '../../../src/routing/route';

const route: RouteDescription = { kind: 'record', handler: 'Orders', method: 'created', type: 'order.created', codec: 'json' };
const context = {} as RecordContext;

function tracing(name: string, calls: string[]): Interceptor {
  return async (_call, next) => {
    calls.push(`${name} before`);
    const result = await next();
    calls.push(`${name} after`);
    return result;
  };
}

describe('intercept', () => {
  it('returns the method itself when there are no interceptors', () => {
    const invoke: RouteInvoke = () => 'done';

    expect(intercept(invoke, [], route)).toBe(invoke);
  });

  it('runs interceptors around the method, the first outermost', async () => {
    const calls: string[] = [];
    const invoke: RouteInvoke = () => {
      calls.push('method');
      return 'result';
    };

    const result = await intercept(invoke, [tracing('a', calls), tracing('b', calls)], route)({ id: 1 }, context);

    expect(result).toBe('result');
    expect(calls).toEqual(['a before', 'b before', 'method', 'b after', 'a after']);
  });

  it('gives every interceptor the payload, the context and the route', async () => {
    const seen: unknown[] = [];
    const look: Interceptor = (call, next) => {
      seen.push(call);
      return next();
    };
    const payload = { id: 1 };

    await intercept(() => undefined, [look, look], route)(payload, context);

    expect(seen).toEqual([
      { payload, context, route },
      { payload, context, route },
    ]);
  });

  it('hands a synchronous throw of the method to the interceptor as a rejection of next()', async () => {
    const failure = new Error('boom');
    let rejected: unknown;
    const observe: Interceptor = (_call, next) =>
      next().catch((error: unknown) => {
        rejected = error;
        throw error;
      });

    const result = intercept(
      () => {
        throw failure;
      },
      [observe],
      route,
    )({}, context);

    await expect(result).rejects.toBe(failure);
    expect(rejected).toBe(failure);
  });

  it('hands a synchronous throw of an inner interceptor to the outer one as a rejection of next()', async () => {
    const failure = new Error('inner');
    const inner: Interceptor = () => {
      throw failure;
    };
    const outer: Interceptor = (_call, next) =>
      next().then(
        () => 'resolved',
        () => 'rejected',
      );

    await expect(intercept(() => undefined, [outer, inner], route)({}, context)).resolves.toBe('rejected');
  });

  it('lets the outermost interceptor throw synchronously, as a method can', () => {
    const failure = new Error('outer');

    const invoke = intercept(
      () => undefined,
      [
        () => {
          throw failure;
        },
      ],
      route,
    );

    expect(() => invoke({}, context)).toThrow(failure);
  });

  it('skips the method when an interceptor does not call next()', async () => {
    let calls = 0;
    const method: RouteInvoke = () => calls++;

    const result = await intercept(method, [() => Promise.resolve('cached')], route)({}, context);

    expect(result).toBe('cached');
    expect(calls).toBe(0);
  });
});
