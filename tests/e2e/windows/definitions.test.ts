/**
 * Window methods as createHandler sees them: listed in `handler.routes` after the routes, and every
 * combination that cannot work refused at cold start with a DefinitionError that says what to change.
 */
import 'reflect-metadata';
import { IsNumber } from 'class-validator';
import { createHandler, DefinitionError, OnPartitionKey, OnRecord, PayloadType, StreamHandler } from 'shardline';
import { OnWindowEnd, WindowReduce } from 'shardline/windows';

@PayloadType('order.paid')
class OrderPaid {
  @IsNumber() total!: number;
}

class Totals {
  @IsNumber() sum = 0;
}

@StreamHandler()
class Revenue {
  @OnRecord(OrderPaid)
  paid(order: OrderPaid): number {
    return order.total;
  }

  @WindowReduce({ state: Totals })
  add(totals: Totals, total: number): Totals {
    totals.sum += total;
    return totals;
  }

  @OnWindowEnd()
  close(): void {}
}

@StreamHandler()
class Audit {
  @OnPartitionKey(/^audit-/)
  audit(): void {}
}

describe('handler.routes', () => {
  it('lists the window methods after the routes, with the state class, and says which routes contribute', () => {
    const handler = createHandler([Revenue, Audit]);

    expect(handler.routes).toEqual([
      {
        kind: 'record',
        handler: 'Revenue',
        method: 'paid',
        type: 'order.paid',
        discriminator: 'type',
        payload: 'OrderPaid',
        codec: 'json',
        contributesTo: 'Revenue.add',
      },
      { kind: 'partition-key', handler: 'Audit', method: 'audit', partitionKey: '/^audit-/', codec: 'json' },
      { kind: 'window-reduce', handler: 'Revenue', method: 'add', state: 'Totals', codec: 'none' },
      { kind: 'window-end', handler: 'Revenue', method: 'close', state: 'Totals', codec: 'none' },
    ]);
  });

  it('stays frozen', () => {
    const handler = createHandler([Revenue]);

    expect(Object.isFrozen(handler.routes)).toBe(true);
    expect(handler.routes.every((route) => Object.isFrozen(route))).toBe(true);
  });
});

/** What createHandler does with these classes. */
function reject(cls: new () => object, ...more: Array<new () => object>): jest.JestMatchers<() => unknown> {
  return expect(() => createHandler([cls, ...more]));
}

describe('createHandler refuses', () => {
  it('two reducers, naming both', () => {
    @StreamHandler()
    class Other {
      @OnRecord('other')
      other(): number {
        return 1;
      }

      @WindowReduce()
      sum(state: object): object {
        return state;
      }

      @OnWindowEnd()
      end(): void {}
    }

    reject(Revenue, Other).toThrow(new DefinitionError('Revenue.add and Other.sum are both @WindowReduce; a handler folds one state, with one reducer'));
  });

  it('two end methods', () => {
    @StreamHandler()
    class TwoEnds {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      add(state: object): object {
        return state;
      }

      @OnWindowEnd()
      first(): void {}

      @OnWindowEnd()
      second(): void {}
    }

    reject(TwoEnds).toThrow(new DefinitionError('TwoEnds.first and TwoEnds.second are both @OnWindowEnd; a window ends once, in one method'));
  });

  it('a reducer without an end method, whose state nobody would read', () => {
    @StreamHandler()
    class NoEnd {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      add(state: object): object {
        return state;
      }
    }

    reject(NoEnd).toThrow(
      new DefinitionError(
        "NoEnd.add folds a window state that nothing reads: Lambda drops it after the window's final invocation. Add an @OnWindowEnd method to NoEnd that receives it",
      ),
    );
  });

  it('an end method without a reducer', () => {
    @StreamHandler()
    class NoReducer {
      @OnRecord('x')
      x(): void {}

      @OnWindowEnd()
      close(): void {}
    }

    reject(NoReducer).toThrow(
      new DefinitionError(
        'NoReducer.close is @OnWindowEnd, but no method is @WindowReduce, so the state it receives would never change; add a reducer to NoReducer',
      ),
    );
  });

  it('a reducer and an end method in different classes', () => {
    @StreamHandler()
    class Reduces {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      add(state: object): object {
        return state;
      }
    }
    @StreamHandler()
    class Ends {
      @OnRecord('y')
      y(): void {}

      @OnWindowEnd()
      close(): void {}
    }

    reject(Reduces, Ends).toThrow(
      new DefinitionError(
        'Reduces.add (@WindowReduce) and Ends.close (@OnWindowEnd) are in different classes; put them in one class, the one whose routes contribute',
      ),
    );
  });

  it('a reducer in a class without routes, which would have nothing to fold', () => {
    @StreamHandler()
    class NoRoutes {
      @WindowReduce()
      add(state: object): object {
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }

    reject(NoRoutes).toThrow(
      new DefinitionError(
        'createHandler: NoRoutes has window methods but no route: its @WindowReduce folds what its routes return; decorate a method with @OnRecord, @OnPartitionKey, @OnUnmatched or @OnInvalid',
      ),
    );
  });

  it('an async reducer', () => {
    @StreamHandler()
    class Async {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      async add(state: object): Promise<object> {
        return Promise.resolve(state);
      }

      @OnWindowEnd()
      close(): void {}
    }

    reject(Async).toThrow(
      new DefinitionError('Async.add is an async method; a reducer is synchronous and returns the new state (do the I/O in a route, and return what it found)'),
    );
  });

  it('a generator reducer', () => {
    @StreamHandler()
    class Generating {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      *add(state: object): Generator<object> {
        yield state;
      }

      @OnWindowEnd()
      close(): void {}
    }

    reject(Generating).toThrow(
      new DefinitionError(
        'Generating.add is a generator method; a reducer is synchronous and returns the new state (do the I/O in a route, and return what it found)',
      ),
    );
  });

  it('a method that is both a route and a window method', () => {
    @StreamHandler()
    class Both {
      @OnRecord('x')
      @WindowReduce()
      x(state: object): object {
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }

    reject(Both).toThrow(new DefinitionError('Both.x is both a route and @WindowReduce; the reducer folds what routes return, so they are separate methods'));
  });

  it('a method that is both the reducer and the end method', () => {
    @StreamHandler()
    class Twice {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      @OnWindowEnd()
      both(state: object): object {
        return state;
      }
    }

    reject(Twice).toThrow(new DefinitionError('Twice.both has more than one window decorator; a method is the reducer or the end method, once'));
  });

  it('a window method the instance does not have as a method', () => {
    @StreamHandler()
    class Shadowed {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce()
      add(state: object): object {
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }
    const instance = Object.assign(new Shadowed(), { add: 'not a function' });

    expect(() => createHandler([instance])).toThrow(new DefinitionError('Shadowed.add is decorated with @WindowReduce but is not a method of the instance'));
  });

  it('a state class whose empty instance does not validate, since Lambda opens every window with {}', () => {
    class Required {
      @IsNumber() sum!: number;
    }
    @StreamHandler()
    class Strict {
      @OnRecord('x')
      x(): number {
        return 1;
      }

      @WindowReduce({ state: Required })
      add(state: Required): Required {
        return state;
      }

      @OnWindowEnd()
      close(): void {}
    }

    reject(Strict).toThrow(
      new DefinitionError(
        'Strict.add: Lambda opens every window with the state {}, which is not a valid Required (sum: sum must be a number conforming to the specified constraints); give its fields initial values',
      ),
    );
  });
});

describe('decoration-time mistakes', () => {
  it('refuses an unknown @WindowReduce option', () => {
    expect(() => WindowReduce({ initial: {} } as never)).toThrow(new DefinitionError('@WindowReduce: unknown option "initial"; known options are state'));
  });

  it('refuses a state that is not a class', () => {
    expect(() => WindowReduce({ state: { sum: 0 } as never })).toThrow(new DefinitionError('@WindowReduce: state must be a class, not object'));
  });

  it.each([
    ['@WindowReduce', WindowReduce(), 'WindowReduce'],
    ['@OnWindowEnd', OnWindowEnd(), 'OnWindowEnd'],
  ])('refuses %s on a static method', (_name, decorator, name) => {
    class Holder {
      static add(): void {}
    }

    expect(() => decorator(Holder, 'add', Object.getOwnPropertyDescriptor(Holder, 'add') as PropertyDescriptor)).toThrow(
      new DefinitionError(`@${name} on add: window methods must be instance methods, not static ones`),
    );
  });

  it.each([
    ['@WindowReduce', WindowReduce(), 'WindowReduce'],
    ['@OnWindowEnd', OnWindowEnd(), 'OnWindowEnd'],
  ])('refuses %s on a property', (_name, decorator, name) => {
    expect(() => (decorator as (target: object, key: string) => void)({}, 'total')).toThrow(
      new DefinitionError(`@${name} on total: only methods can be window methods`),
    );
  });
});
