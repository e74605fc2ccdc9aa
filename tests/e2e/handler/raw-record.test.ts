/**
 * The response names records by the sequence numbers read and checked when the batch was read,
 * and `record.raw` is frozen at runtime: nothing a route does to the event can make a failed record
 * vanish from the response or be reported under another identifier (issue 11, item 3).
 */
import 'reflect-metadata';
import { createHandler, OnPartitionKey, StreamHandler, type KinesisStreamEvent, type RecordContext } from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

type Mutation = (kinesis: Record<string, unknown>) => void;

/** A route that tries `mutate` on its record's raw `kinesis` object, then fails the record. */
function mutatingThenFailing(mutate: Mutation, seen: unknown[] = []) {
  @StreamHandler()
  class Mutating {
    @OnPartitionKey(() => true)
    handle(payload: { fail?: boolean }, { record }: RecordContext) {
      if (payload.fail !== true) return;
      try {
        mutate(record.raw.kinesis);
      } catch (error) {
        // Assigning to a frozen object throws in strict code (and does nothing in sloppy code).
        seen.push(error);
      }
      throw new Error('route failed');
    }
  }
  return Mutating;
}

const MUTATIONS: ReadonlyArray<readonly [string, Mutation]> = [
  [
    'sets the sequence number to an empty string',
    (kinesis) => {
      kinesis.sequenceNumber = '';
    },
  ],
  [
    'deletes the sequence number',
    (kinesis) => {
      delete kinesis.sequenceNumber;
    },
  ],
  [
    "sets the sequence number to another record's",
    (kinesis) => {
      kinesis.sequenceNumber = '1';
    },
  ],
];

const ids = (event: KinesisStreamEvent, ...indexes: number[]) => indexes.map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber }));

describe('a route that changes its record before failing it', () => {
  it.each(MUTATIONS)('still gets the record reported by its own sequence number when it %s', async (_what, mutate) => {
    const event = kinesisEvent([{ data: {} }, { data: { fail: true } }, { data: {} }]);
    const expected = ids(event, 1, 2);
    const handler = createHandler([mutatingThenFailing(mutate)], { logger: silentLogger });

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: expected });
  });

  it.each(MUTATIONS)('is refused: the change throws a TypeError and the event is left as it was, when it %s', async (_what, mutate) => {
    const event = kinesisEvent([{ data: { fail: true } }]);
    const before = JSON.stringify(event);
    const seen: unknown[] = [];
    const handler = createHandler([mutatingThenFailing(mutate, seen)], { logger: silentLogger });

    await handler(event);

    expect(seen).toEqual([expect.any(TypeError)]);
    expect(JSON.stringify(event)).toBe(before);
  });

  it('still gets a KPL aggregate reported by its own sequence number when a sub-record route changes it', async () => {
    const aggregate = aggregateRecords([
      { partitionKey: 'a', data: '{}' },
      { partitionKey: 'b', data: '{"fail":true}' },
    ]);
    const event = kinesisEvent([{ data: {} }, { data: aggregate, partitionKey: 'a' }]);
    const expected = ids(event, 1);
    const handler = createHandler([mutatingThenFailing(MUTATIONS[0][1])], { logger: silentLogger });

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: expected });
  });
});

describe('record.raw', () => {
  it('is frozen, with its kinesis object, when a route reads it', async () => {
    const frozen: boolean[] = [];
    @StreamHandler()
    class Reading {
      @OnPartitionKey(() => true)
      handle(_payload: unknown, { record }: RecordContext) {
        frozen.push(Object.isFrozen(record.raw), Object.isFrozen(record.raw.kinesis));
      }
    }
    const handler = createHandler([Reading], { logger: silentLogger });

    await handler(kinesisEvent([{ data: {} }]));

    expect(frozen).toEqual([true, true]);
  });

  it('is still the event record Lambda delivered', async () => {
    const raws: unknown[] = [];
    @StreamHandler()
    class Reading {
      @OnPartitionKey(() => true)
      handle(_payload: unknown, { record }: RecordContext) {
        raws.push(record.raw);
      }
    }
    const handler = createHandler([Reading], { logger: silentLogger });
    const event = kinesisEvent([{ data: {} }, { data: {} }]);

    await handler(event);

    expect(raws[0]).toBe(event.Records[0]);
    expect(raws[1]).toBe(event.Records[1]);
  });
});

describe('a route that changes the event through a reference of its own', () => {
  it('still gets the failed record reported by the sequence number it had when the batch was read', async () => {
    const event = kinesisEvent([{ data: {} }, { data: { fail: true } }]);
    const expected = ids(event, 1);
    @StreamHandler()
    class Meddling {
      @OnPartitionKey(() => true)
      handle(payload: { fail?: boolean }) {
        if (payload.fail !== true) return;
        // The route never read record.raw, so nothing froze it: the response must not depend on it.
        event.Records[1].kinesis.sequenceNumber = '';
        throw new Error('route failed');
      }
    }
    const handler = createHandler([Meddling], { logger: silentLogger });

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: expected });
  });
});
