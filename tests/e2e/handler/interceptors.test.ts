import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  createHandler,
  DefinitionError,
  InvalidOptionError,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  PayloadType,
  StreamHandler,
  UseInterceptors,
  type Interceptor,
} from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

/** An interceptor that writes down when it runs, around the rest of the chain. */
function marking(name: string, calls: string[]): Interceptor {
  return async (_call, next) => {
    calls.push(`${name} >`);
    try {
      return await next();
    } finally {
      calls.push(`< ${name}`);
    }
  };
}

const seq = (event: { Records: Array<{ kinesis: { sequenceNumber: string } }> }, ...indexes: number[]) =>
  indexes.map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber }));

describe('interceptors', () => {
  it('run around a route in the order global (array order), class, method', async () => {
    const calls: string[] = [];
    @StreamHandler()
    @UseInterceptors(marking('class 1', calls), marking('class 2', calls))
    class Orders {
      @OnRecord('order.created')
      @UseInterceptors(marking('method 1', calls))
      @UseInterceptors(marking('method 2', calls))
      created() {
        calls.push('method');
      }
    }
    const handler = createHandler([Orders], { logger: silentLogger, interceptors: [marking('global 1', calls), marking('global 2', calls)] });

    const response = await handler(kinesisEvent([{ data: { type: 'order.created' } }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toEqual([
      'global 1 >',
      'global 2 >',
      'class 1 >',
      'class 2 >',
      'method 1 >',
      'method 2 >',
      'method',
      '< method 2',
      '< method 1',
      '< class 2',
      '< class 1',
      '< global 2',
      '< global 1',
    ]);
  });

  it('see the validated payload, the record context and the route', async () => {
    @PayloadType('order.created')
    class OrderCreated {
      @IsString() orderId!: string;
    }
    const seen: Array<{ payload: unknown; sequenceNumber: string; route: unknown }> = [];
    const look: Interceptor = (call, next) => {
      seen.push({ payload: call.payload, sequenceNumber: call.context.record.sequenceNumber, route: call.route });
      return next();
    };
    @StreamHandler()
    class Orders {
      @OnRecord(OrderCreated)
      created() {}
    }
    const handler = createHandler([Orders], { logger: silentLogger, interceptors: [look] });
    const event = kinesisEvent([{ data: { type: 'order.created', orderId: 'o-1' } }]);

    await handler(event);

    expect(seen).toHaveLength(1);
    expect(seen[0].payload).toBeInstanceOf(OrderCreated);
    expect(seen[0].payload).toEqual({ type: 'order.created', orderId: 'o-1' });
    expect(seen[0].sequenceNumber).toBe(event.Records[0].kinesis.sequenceNumber);
    expect(seen[0].route).toEqual(handler.routes[0]);
  });

  it('fail the record when one rejects, like a throw from the route', async () => {
    const refuse: Interceptor = async (call, next) => {
      if ((call.payload as { n: number }).n === 1) throw new Error('refused');
      return next();
    };
    const handled: number[] = [];
    @StreamHandler()
    class Numbers {
      @OnPartitionKey(() => true)
      @UseInterceptors(refuse)
      on(payload: { n: number }) {
        handled.push(payload.n);
      }
    }
    const handler = createHandler([Numbers], { logger: silentLogger, onFailure: 'continue' });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }, { data: { n: 2 } }]);

    const { response, records } = await handler.processBatch(event);

    expect(handled).toEqual([0, 2]);
    expect(response.batchItemFailures).toEqual(seq(event, 1));
    expect(records[1]).toMatchObject({ status: 'failed', error: new Error('refused') });
  });

  it('fail the record when one throws synchronously', async () => {
    const refuse: Interceptor = () => {
      throw new Error('refused at once');
    };
    @StreamHandler()
    class Numbers {
      @OnPartitionKey(() => true)
      on() {}
    }
    const handler = createHandler([Numbers], { logger: silentLogger, interceptors: [refuse] });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]);

    const response = await handler(event);

    expect(response.batchItemFailures).toEqual(seq(event, 0, 1));
  });

  it('complete the record without calling the route when one does not call next()', async () => {
    let calls = 0;
    @StreamHandler()
    class Numbers {
      @OnPartitionKey(() => true)
      on() {
        calls++;
      }
    }
    const handler = createHandler([Numbers], { logger: silentLogger, interceptors: [() => Promise.resolve('already done')] });

    const { records } = await handler.processBatch(kinesisEvent([{ data: {} }]));

    expect(calls).toBe(0);
    expect(records[0].status).toBe('succeeded');
  });

  it('wrap @OnInvalid routes too, with the RecordError as the payload', async () => {
    const payloads: unknown[] = [];
    @StreamHandler()
    class Quarantine {
      @OnRecord('order.created')
      created() {}

      @OnInvalid()
      invalid() {}
    }
    const look: Interceptor = (call, next) => {
      payloads.push(call.payload);
      return next();
    };
    const handler = createHandler([Quarantine], { logger: silentLogger, interceptors: [look] });

    await handler(kinesisEvent([{ data: '{not json' }]));

    expect(payloads).toEqual([expect.objectContaining({ name: 'RecordDecodeError' })]);
  });

  it('apply to the routes a subclass inherits from a class with @UseInterceptors', async () => {
    const calls: string[] = [];
    @UseInterceptors(marking('base', calls))
    class Base {
      @OnPartitionKey(() => true)
      on() {
        calls.push('method');
      }
    }
    @StreamHandler()
    class Derived extends Base {}
    const handler = createHandler([Derived], { logger: silentLogger });

    await handler(kinesisEvent([{ data: {} }]));

    expect(calls).toEqual(['base >', 'method', '< base']);
  });
});

describe('interceptor definitions', () => {
  it('refuse @UseInterceptors on a method that is not a route, at createHandler', () => {
    @StreamHandler()
    class Orders {
      @OnRecord('order.created')
      created() {}

      @UseInterceptors(async (_call, next) => next())
      helper() {}
    }

    expect(() => createHandler([Orders], { logger: silentLogger })).toThrow(/@UseInterceptors on Orders\.helper: the method is not a route/);
  });

  it('refuse an interceptor that is not a function, when decorating', () => {
    expect(() => UseInterceptors('audit' as never)).toThrow(DefinitionError);
  });

  it('refuse an interceptors option that is not an array of functions', () => {
    @StreamHandler()
    class Orders {
      @OnRecord('order.created')
      created() {}
    }

    expect(() => createHandler([Orders], { interceptors: [() => Promise.resolve(), 42] as never })).toThrow(InvalidOptionError);
    expect(() => createHandler([Orders], { interceptors: (() => Promise.resolve()) as never })).toThrow(/option interceptors must be an array/);
  });

  it('refuse @UseInterceptors on a static method', () => {
    expect(() => {
      class Orders {
        @UseInterceptors(async (_call, next) => next())
        static created() {}
      }
      return Orders;
    }).toThrow(/not static ones/);
  });
});
