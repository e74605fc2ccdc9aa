import 'reflect-metadata';
import { createHandler, OnUnmatched, StreamHandler, type Constructor } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

describe('handler instances', () => {
  it('creates each handler class once, at createHandler, not per batch or per record', async () => {
    let created = 0;
    @StreamHandler()
    class Counted {
      constructor() {
        created++;
      }
      @OnUnmatched()
      on() {}
    }
    const handler = createHandler([Counted], { logger: silentLogger });

    await handler(kinesisEvent([{ data: {} }, { data: {} }]));
    await handler(kinesisEvent([{ data: {} }]));

    expect(created).toBe(1);
  });

  it('uses an instance as given, with its own dependencies', async () => {
    @StreamHandler()
    class WithDatabase {
      constructor(readonly db: string[]) {}
      @OnUnmatched()
      on(payload: { id: string }) {
        this.db.push(payload.id);
      }
    }
    const db: string[] = [];
    const handler = createHandler([new WithDatabase(db)], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { id: 'a' } }]));

    expect(db).toEqual(['a']);
  });

  it('asks the instantiate option for instances, as a DI container would provide them', async () => {
    const seen: string[] = [];
    @StreamHandler()
    class Injected {
      constructor(readonly prefix: string) {}
      @OnUnmatched()
      on(payload: { id: string }) {
        seen.push(`${this.prefix}${payload.id}`);
      }
    }
    const container = new Map<Constructor, object>([[Injected, new Injected('container:')]]);
    const handler = createHandler([Injected], { instantiate: (cls) => container.get(cls) as object, logger: silentLogger });

    await handler(kinesisEvent([{ data: { id: '1' } }]));

    expect(seen).toEqual(['container:1']);
  });

  it('binds route methods to their instance', async () => {
    @StreamHandler()
    class UsesThis {
      readonly seen: unknown[] = [];
      @OnUnmatched()
      on(payload: unknown) {
        this.seen.push(payload);
      }
    }
    const instance = new UsesThis();
    const handler = createHandler([instance], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { a: 1 } }]));

    expect(instance.seen).toEqual([{ a: 1 }]);
  });
});
