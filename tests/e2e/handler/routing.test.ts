import 'reflect-metadata';
import { createHandler, OnPartitionKey, OnRecord, OnUnmatched, PayloadType, StreamHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

@PayloadType('order.created')
class OrderCreated {
  orderId!: string;
}

/** One route of every kind, each recording which route got the record. */
function routesOf(calls: string[]) {
  @StreamHandler()
  class AllRoutes {
    @OnRecord({ type: 'order.created', partitionKey: 'vip' })
    typeAndExactKey() {
      calls.push('type+key');
    }
    @OnRecord(OrderCreated)
    type() {
      calls.push('type');
    }
    @OnPartitionKey(/^v/)
    keyPattern() {
      calls.push('key-pattern');
    }
    @OnPartitionKey('vip')
    keyExact() {
      calls.push('key-exact');
    }
    @OnPartitionKey((key) => key.startsWith('vi'))
    keyPredicate() {
      calls.push('key-predicate');
    }
    @OnUnmatched()
    fallback() {
      calls.push('unmatched');
    }
  }
  return createHandler([AllRoutes], { logger: silentLogger });
}

async function routeOf(data: unknown, partitionKey: string): Promise<string[]> {
  const calls: string[] = [];
  const handler = routesOf(calls);
  const response = await handler(kinesisEvent([{ data, partitionKey }]));
  expect(response.batchItemFailures).toEqual([]);
  return calls;
}

describe('route precedence', () => {
  it('sends a record matching type and partition key to the route that names both', async () => {
    expect(await routeOf({ type: 'order.created' }, 'vip')).toEqual(['type+key']);
  });

  it('sends a record matching only the type to the type route, even when key routes match too', async () => {
    expect(await routeOf({ type: 'order.created' }, 'victor')).toEqual(['type']);
  });

  it('prefers an exact partition key over patterns declared before it', async () => {
    expect(await routeOf({ type: 'other' }, 'vip')).toEqual(['key-exact']);
  });

  it('tries partition key patterns and predicates in declaration order', async () => {
    expect(await routeOf({ type: 'other' }, 'victor')).toEqual(['key-pattern']);
  });

  it('sends a record that matches nothing to the @OnUnmatched route', async () => {
    expect(await routeOf({ type: 'other' }, 'zed')).toEqual(['unmatched']);
  });

  it('routes by partition key a payload that has no type field at all', async () => {
    expect(await routeOf([1, 2, 3], 'vip')).toEqual(['key-exact']);
  });
});

describe('the discriminator option', () => {
  it('reads the type from a dot path', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Nested {
      @OnRecord('order.created')
      created() {
        calls.push('created');
      }
    }
    const handler = createHandler([Nested], { discriminator: 'meta.kind', logger: silentLogger });

    await handler(kinesisEvent([{ data: { meta: { kind: 'order.created' } } }, { data: { type: 'order.created' } }]));

    expect(calls).toEqual(['created']);
  });

  it('reads the type with a function', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class ByFunction {
      @OnRecord('ORDER')
      order(payload: { kind: string }) {
        calls.push(payload.kind);
      }
    }
    const handler = createHandler([ByFunction], {
      discriminator: (payload) => String((payload as { kind: string }).kind).toUpperCase(),
      logger: silentLogger,
    });

    await handler(kinesisEvent([{ data: { kind: 'order' } }]));

    expect(calls).toEqual(['order']);
  });

  it('lets a payload class read its type from its own field', async () => {
    const seen: string[] = [];
    @PayloadType('OrderPlaced', { discriminator: 'detail-type' })
    class OrderPlaced {
      'detail-type'!: string;
    }
    @StreamHandler()
    class Bus {
      @OnRecord(OrderPlaced)
      placed(event: OrderPlaced) {
        seen.push(event['detail-type']);
      }
    }
    const handler = createHandler([Bus], { logger: silentLogger });

    const response = await handler(kinesisEvent([{ data: { 'detail-type': 'OrderPlaced', detail: {} } }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['OrderPlaced']);
  });

  it('never reads an inherited property such as constructor as a type', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Sneaky {
      @OnRecord('function Object() { [native code] }')
      native() {
        calls.push('native');
      }
    }
    const handler = createHandler([Sneaky], { discriminator: 'constructor', logger: silentLogger });

    await handler(kinesisEvent([{ data: {} }]));

    expect(calls).toEqual([]);
  });
});

describe('routes across several handler classes', () => {
  it('routes each type to the class that declares it', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Created {
      @OnRecord('created')
      on() {
        calls.push('Created');
      }
    }
    @StreamHandler()
    class Cancelled {
      @OnRecord('cancelled')
      on() {
        calls.push('Cancelled');
      }
    }
    const handler = createHandler([Created, Cancelled], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { type: 'cancelled' } }, { data: { type: 'created' } }]));

    expect(calls).toEqual(['Cancelled', 'Created']);
    expect(handler.routes.map((r) => `${r.handler}.${r.method}`)).toEqual(['Created.on', 'Cancelled.on']);
  });
});
