import 'reflect-metadata';
import { IsString } from 'class-validator';
import { createHandler, DefinitionError, OnPartitionKey, OnRecord, PayloadType, StreamHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

/**
 * The core support the formats build on: `@PayloadType({ acknowledge })`, base classes named by
 * options alone, and options inherited by subclasses. Generic, so tested with classes of its own.
 */
describe('@PayloadType acknowledge, through createHandler', () => {
  @PayloadType('reading', { acknowledge: ['heartbeat', 'ping'] })
  class Reading {
    @IsString() sensor!: string;
  }

  it('acknowledges the listed types under the handler discriminator without calling a method', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Sensors {
      @OnRecord(Reading)
      reading(reading: Reading) {
        calls.push(reading.sensor);
      }
    }
    const handler = createHandler([Sensors], { logger: silentLogger, unmatched: 'fail' });
    const event = kinesisEvent([{ data: { type: 'heartbeat' } }, { data: { type: 'reading', sensor: 's-1' } }, { data: { type: 'ping' } }]);

    const report = await handler.processBatch(event);

    expect(calls).toEqual(['s-1']);
    expect(report.records.map((r) => [r.status, r.route])).toEqual([
      ['succeeded', 'shardline.acknowledge (built in, for Reading)'],
      ['succeeded', 'Sensors.reading'],
      ['succeeded', 'shardline.acknowledge (built in, for Reading)'],
    ]);
  });

  it('acknowledges nothing for a handler that does not use the class', async () => {
    @StreamHandler()
    class Other {
      @OnRecord('other')
      other() {}
    }
    const handler = createHandler([Other], { logger: silentLogger, unmatched: 'fail' });

    const report = await handler.processBatch(kinesisEvent([{ data: { type: 'heartbeat' } }]));

    expect(report.records.map((r) => r.status)).toEqual(['failed']);
  });

  it('adds one built-in route for a type two classes acknowledge', () => {
    @PayloadType('alarm', { acknowledge: ['heartbeat'] })
    class Alarm {}
    @StreamHandler()
    class Both {
      @OnRecord(Reading)
      reading() {}
      @OnRecord(Alarm)
      alarm() {}
    }

    const handler = createHandler([Both], { logger: silentLogger });

    expect(handler.routes.filter((r) => r.type === 'heartbeat').map((r) => r.method)).toEqual(['acknowledge (built in, for Reading)']);
  });

  it('sends the acknowledged type to a partition key route of its own when the key matches, and acknowledges the rest', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Watch {
      @OnRecord(Reading)
      reading() {}
      @OnRecord({ type: 'heartbeat', partitionKey: 'gateway-1' })
      gateway() {
        calls.push('gateway');
      }
    }
    const handler = createHandler([Watch], { logger: silentLogger });

    const report = await handler.processBatch(
      kinesisEvent([
        { data: { type: 'heartbeat' }, partitionKey: 'gateway-1' },
        { data: { type: 'heartbeat' }, partitionKey: 'gateway-2' },
      ]),
    );

    expect(calls).toEqual(['gateway']);
    expect(report.records.map((r) => r.route)).toEqual(['Watch.gateway', 'shardline.acknowledge (built in, for Reading)']);
  });

  it('is inherited by a subclass that names its own type', async () => {
    @PayloadType('reading.v2')
    class ReadingV2 extends Reading {}
    const calls: string[] = [];
    @StreamHandler()
    class Sensors {
      @OnRecord(ReadingV2)
      reading() {
        calls.push('reading');
      }
    }
    const handler = createHandler([Sensors], { logger: silentLogger, unmatched: 'fail' });

    const report = await handler.processBatch(kinesisEvent([{ data: { type: 'ping' } }]));

    expect(calls).toEqual([]);
    expect(report.records.map((r) => r.status)).toEqual(['succeeded']);
  });

  it.each([
    [{ acknowledge: 'heartbeat' }, 'acknowledge must be an array of non-empty type names'],
    [{ acknowledge: [''] }, 'acknowledge must be an array of non-empty type names'],
    [{ acknowledge: ['reading'] }, 'acknowledge lists the class\'s own type "reading"'],
    [{ acknowlege: ['heartbeat'] }, 'unknown option "acknowlege"'],
  ])('refuses the options %j at decoration time', (options, message) => {
    expect(() => PayloadType('reading', options as never)).toThrow(DefinitionError);
    expect(() => PayloadType('reading', options as never)).toThrow(message);
  });
});

describe('@PayloadType on a base class, through createHandler', () => {
  @PayloadType({ discriminator: 'kind' })
  class Envelope {
    @IsString() kind!: string;
  }

  it('lets subclasses with @PayloadType be recognised by the inherited discriminator', async () => {
    @PayloadType('created')
    class Created extends Envelope {}
    const calls: string[] = [];
    @StreamHandler()
    class Things {
      @OnRecord(Created)
      created(thing: Created) {
        calls.push(thing.kind);
      }
    }
    const handler = createHandler([Things], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { type: 'created', kind: 'other' } }, { data: { kind: 'created' } }]));

    expect(calls).toEqual(['created']);
    expect(handler.routes[0].discriminator).toBe('kind');
  });

  it('lets a route name the type of an undecorated subclass', async () => {
    class Deleted extends Envelope {}
    const calls: unknown[] = [];
    @StreamHandler()
    class Things {
      @OnRecord({ type: 'deleted', payload: Deleted })
      deleted(thing: Deleted) {
        calls.push(thing);
      }
    }
    const handler = createHandler([Things], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { kind: 'deleted' } }]));

    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(Deleted);
  });

  it("lets a subclass's own discriminator override the inherited one", () => {
    @PayloadType('moved', { discriminator: 'meta.kind' })
    class Moved extends Envelope {}
    @StreamHandler()
    class Things {
      @OnRecord(Moved)
      moved() {}
    }

    const handler = createHandler([Things], { logger: silentLogger });

    expect(handler.routes[0].discriminator).toBe('meta.kind');
  });

  it('makes @OnRecord(BaseClass) a DefinitionError at createHandler, saying how to name a type', () => {
    @StreamHandler()
    class Things {
      @OnRecord(Envelope)
      any() {}
    }

    expect(() => createHandler([Things], { logger: silentLogger })).toThrow(
      "Things.any: Envelope is a base payload class, with no type; extend it with a @PayloadType('...') class, or use @OnRecord({ type: '...', payload: Envelope })",
    );
  });

  it('is not needed for a partition key route, which takes the base class as it is', async () => {
    const calls: unknown[] = [];
    @StreamHandler()
    class Things {
      @OnPartitionKey(() => true, Envelope)
      any(thing: Envelope) {
        calls.push(thing);
      }
    }
    const handler = createHandler([Things], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { kind: 'anything' } }]));

    expect(calls[0]).toBeInstanceOf(Envelope);
  });

  it('refuses options that say nothing', () => {
    expect(() => PayloadType({})).toThrow('@PayloadType needs a non-empty type name');
  });
});
