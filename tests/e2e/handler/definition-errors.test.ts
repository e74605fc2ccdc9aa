import 'reflect-metadata';
import {
  createHandler,
  DefinitionError,
  InvalidOptionError,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  OnUnmatched,
  PayloadType,
  RouteConflictError,
  StreamHandler,
  type HandlerOptions,
} from 'shardline';

class Untyped {}

@PayloadType('order.created')
class OrderCreated {}

@StreamHandler()
class Valid {
  @OnRecord(OrderCreated)
  created() {}
}

describe('decoration-time mistakes', () => {
  it('refuses a payload class without @PayloadType as a type route, naming the class', () => {
    expect(() => {
      class Handler {
        @OnRecord(Untyped)
        on() {}
      }
      return Handler;
    }).toThrow(new DefinitionError("@OnRecord(Untyped): the class has no @PayloadType('...'); add one, or use @OnRecord({ type: '...', payload: Untyped })"));
  });

  it('refuses a route decorator on a static method', () => {
    expect(() => {
      class Handler {
        @OnUnmatched()
        static on() {}
      }
      return Handler;
    }).toThrow(/routes must be instance methods/);
  });

  it('refuses an unknown @StreamHandler option', () => {
    expect(() => StreamHandler({ codex: 'json' } as never)).toThrow(InvalidOptionError);
  });

  it('refuses an empty @PayloadType name', () => {
    expect(() => PayloadType('')).toThrow(DefinitionError);
  });

  it('refuses a partition key matcher that is not a string, RegExp or function', () => {
    expect(() => OnPartitionKey(42 as never)).toThrow(/a partition key matcher is a string, a RegExp or a predicate function/);
  });

  it('refuses an unknown @OnRecord option', () => {
    expect(() => OnRecord({ type: 'x', partitonKey: 'y' } as never)).toThrow(/unknown option "partitonKey"/);
  });
});

describe('createHandler mistakes', () => {
  it('refuses a class without @StreamHandler', () => {
    class Plain {
      @OnUnmatched()
      on() {}
    }
    expect(() => createHandler([Plain])).toThrow(new DefinitionError('createHandler: Plain is not decorated with @StreamHandler()'));
  });

  it('refuses an empty handler list', () => {
    expect(() => createHandler([])).toThrow(DefinitionError);
  });

  it('refuses a handler class with no route', () => {
    @StreamHandler()
    class Empty {}
    expect(() => createHandler([Empty])).toThrow(/Empty has no route/);
  });

  it('refuses the same class twice', () => {
    expect(() => createHandler([Valid, Valid])).toThrow(/Valid is given twice/);
  });

  it('refuses two routes for the same payload type, naming both', () => {
    @StreamHandler()
    class Other {
      @OnRecord('order.created')
      again() {}
    }
    expect(() => createHandler([Valid, Other])).toThrow(
      new RouteConflictError('Other.again and Valid.created both handle type "order.created" by "type"; keep one, or make one more specific'),
    );
  });

  it('refuses two routes for the same type and partition key', () => {
    @StreamHandler()
    class Twice {
      @OnRecord({ type: 'a', partitionKey: 'k' })
      one() {}
      @OnRecord({ type: 'a', partitionKey: 'k' })
      two() {}
    }
    expect(() => createHandler([Twice])).toThrow(RouteConflictError);
  });

  it('refuses two routes for the same exact partition key, and for the same pattern', () => {
    @StreamHandler()
    class Keys {
      @OnPartitionKey('k')
      one() {}
      @OnPartitionKey('k')
      two() {}
    }
    @StreamHandler()
    class Patterns {
      @OnPartitionKey(/^a/)
      one() {}
      @OnPartitionKey(/^a/)
      two() {}
    }
    expect(() => createHandler([Keys])).toThrow(RouteConflictError);
    expect(() => createHandler([Patterns])).toThrow(RouteConflictError);
  });

  it('allows the same type with different partition keys, and a type route beside it', () => {
    @StreamHandler()
    class Split {
      @OnRecord({ type: 'a', partitionKey: 'x' })
      x() {}
      @OnRecord({ type: 'a', partitionKey: /^y/ })
      y() {}
      @OnRecord('a')
      rest() {}
    }
    expect(createHandler([Split]).routes).toHaveLength(3);
  });

  it('refuses two @OnInvalid routes', () => {
    @StreamHandler()
    class A {
      @OnInvalid()
      bad() {}
    }
    @StreamHandler()
    class B {
      @OnInvalid()
      bad() {}
    }
    expect(() => createHandler([A, B])).toThrow(/B.bad and A.bad both handle @OnInvalid/);
  });

  it.each<[string, HandlerOptions, RegExp]>([
    ['an unknown option', { concurency: 4 } as HandlerOptions, /unknown option "concurency"/],
    ['an unknown ordering', { ordering: 'random' as never }, /option ordering must be one of 'shard', 'partition-key', 'none', but is "random"/],
    ['a concurrency of 0', { concurrency: 0 }, /option concurrency must be an integer of at least 1, but is 0/],
    ['a fractional concurrency', { concurrency: 2.5 }, /option concurrency must be an integer/],
    ['an unknown codec', { codec: 'yaml' as never }, /unknown codec "yaml"/],
    ['a malformed discriminator', { discriminator: 'a..b' }, /a discriminator must be a dot path/],
    ['a non-boolean flag', { deaggregate: 'yes' as never }, /option deaggregate must be true or false/],
    ['a logger without methods', { logger: {} as never }, /option logger must have debug, info, warn and error methods/],
  ])('refuses %s with an InvalidOptionError', (_name, options, message) => {
    expect(() => createHandler([Valid], options)).toThrow(InvalidOptionError);
    expect(() => createHandler([Valid], options)).toThrow(message);
  });

  it('wraps a handler constructor that throws in a DefinitionError with the cause', () => {
    @StreamHandler()
    class NeedsConfig {
      constructor() {
        throw new Error('TABLE_NAME is not set');
      }
      @OnUnmatched()
      on() {}
    }
    const error = (() => {
      try {
        createHandler([NeedsConfig]);
      } catch (e) {
        return e as DefinitionError;
      }
    })();
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error?.message).toBe('createHandler: creating NeedsConfig failed: TABLE_NAME is not set');
    expect((error?.cause as Error).message).toBe('TABLE_NAME is not set');
  });
});
