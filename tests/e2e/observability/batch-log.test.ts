import 'reflect-metadata';
import { createHandler, createJsonLogger, OnPartitionKey, OnRecord, StreamHandler, type Logger, type RecordContext } from 'shardline';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { captureLogger } from '../../support/capture-logger';

@StreamHandler()
class Orders {
  @OnRecord('order.created')
  created(order: { fail?: boolean }) {
    if (order.fail === true) throw new Error('refused');
  }

  @OnRecord('order.cancelled')
  async cancelled() {}
}

const SECRET = 'jane.doe@example.com';

function jsonLines(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { logger: createJsonLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }), lines };
}

describe('the batch line', () => {
  it('says, once a batch, how many records each route handled with which outcome, how long it took and how old the oldest record was', async () => {
    const { logger, lines } = jsonLines();
    const handler = createHandler([Orders], { logger, onFailure: 'continue' });
    const arrivedSecondsAgo = 90;
    const oldest = Date.now() / 1000 - arrivedSecondsAgo;
    const event = kinesisEvent([
      { data: { type: 'order.created', email: SECRET }, approximateArrivalTimestamp: oldest },
      { data: { type: 'order.created', fail: true }, approximateArrivalTimestamp: oldest + 30 },
      { data: { type: 'order.cancelled' }, approximateArrivalTimestamp: oldest + 40 },
      { data: { type: 'order.shipped' }, approximateArrivalTimestamp: oldest + 50 },
    ]);

    await handler(event, lambdaContext({ functionName: 'orders', awsRequestId: 'req-1' }));

    const batchLines = lines.filter((line) => line.message === 'batch processed');
    expect(batchLines).toHaveLength(1);
    expect(batchLines[0]).toMatchObject({
      level: 'info',
      records: 4,
      outcomes: { succeeded: 2, failed: 1, skipped: 1 },
      routes: { 'Orders.created': { succeeded: 1, failed: 1 }, 'Orders.cancelled': { succeeded: 1 }, '(no route)': { skipped: 1 } },
      deadlineReached: false,
    });
    expect(batchLines[0].durationMs).toEqual(expect.any(Number));
    expect(batchLines[0].oldestRecordAgeMs).toBeGreaterThanOrEqual(arrivedSecondsAgo * 1000 - 1000);
    expect(batchLines[0].oldestRecordAgeMs).toBeLessThan(arrivedSecondsAgo * 1000 + 60_000);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('is written at debug level when batchLog is debug, and not at all when it is off', async () => {
    const debug = jsonLines();
    const off = jsonLines();
    const event = kinesisEvent([{ data: { type: 'order.cancelled' } }]);

    await createHandler([Orders], { logger: debug.logger, batchLog: 'debug' })(event);
    await createHandler([Orders], { logger: off.logger, batchLog: 'off' })(event);

    expect(debug.lines.filter((line) => line.message === 'batch processed').map((line) => line.level)).toEqual(['debug']);
    expect(off.lines).toEqual([]);
  });

  it('says when the deadline stopped the batch, and which records it cut', async () => {
    @StreamHandler()
    class Slow {
      @OnPartitionKey(() => true)
      async wait(_payload: unknown, { signal }: RecordContext) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const logger = captureLogger();
    const handler = createHandler([Slow], { logger, deadlineMarginMs: 1_000 });

    await handler(kinesisEvent([{ data: {} }, { data: {} }]), lambdaContext({ remainingTimeMs: 1_100 }));

    const line = logger.entries.find((entry) => entry.message === 'batch processed');
    expect(line?.fields).toMatchObject({ records: 2, outcomes: { 'timed-out': 1, 'not-started': 1 }, deadlineReached: true });
  });
});

describe('every line of an invocation', () => {
  it('carries the request id, the function name, cold start and the shard: the failure line, the batch line and what routes log', async () => {
    const logger = captureLogger();
    @StreamHandler()
    class Chatty {
      @OnPartitionKey(() => true)
      on(payload: { fail?: boolean }, context: RecordContext) {
        context.logger.info('handling');
        if (payload.fail === true) throw new Error('refused');
      }
    }
    const handler = createHandler([Chatty], { logger });

    await handler(
      kinesisEvent([{ data: { fail: true } }], { shardId: 'shardId-000000000007' }),
      lambdaContext({ functionName: 'orders', awsRequestId: 'req-1' }),
    );

    expect(logger.entries.map((entry) => entry.message)).toEqual(['handling', 'record failed', 'batch processed']);
    for (const entry of logger.entries) {
      expect(entry.fields).toMatchObject({ requestId: 'req-1', functionName: 'orders', coldStart: true, shardId: 'shardId-000000000007' });
    }
  });

  it('says cold start on the first invocation of a handler only', async () => {
    const logger = captureLogger();
    const handler = createHandler([Orders], { logger });
    const event = kinesisEvent([{ data: { type: 'order.cancelled' } }]);

    await handler(event, lambdaContext({ awsRequestId: 'first' }));
    await handler(event, lambdaContext({ awsRequestId: 'second' }));

    expect(logger.entries.map((entry) => [entry.fields?.requestId, entry.fields?.coldStart])).toEqual([
      ['first', true],
      ['second', false],
    ]);
  });
});

describe("a route's context.logger", () => {
  it("adds the record's sequence number and partition key", async () => {
    const logger = captureLogger();
    @StreamHandler()
    class Chatty {
      @OnPartitionKey(() => true)
      on(_payload: unknown, { logger: log }: RecordContext) {
        log.info('stored', { orderId: 'o-1' });
      }
    }
    const event = kinesisEvent([{ data: {}, partitionKey: 'customer-7' }]);

    await createHandler([Chatty], { logger, batchLog: 'off' })(event);

    expect(logger.entries).toEqual([
      {
        level: 'info',
        message: 'stored',
        fields: {
          coldStart: true,
          shardId: 'shardId-000000000000',
          sequenceNumber: event.Records[0].kinesis.sequenceNumber,
          partitionKey: 'customer-7',
          orderId: 'o-1',
        },
      },
    ]);
  });

  it('keeps the reserved fields when a route gives fields of the same names', async () => {
    const { logger, lines } = jsonLines();
    @StreamHandler()
    class Spoofing {
      @OnPartitionKey(() => true)
      on(_payload: unknown, context: RecordContext) {
        context.logger.info('x', {
          message: 'spoofed',
          level: 'debug',
          requestId: 'other',
          shardId: 'shardId-999',
          sequenceNumber: '1',
          partitionKey: 'other',
        });
      }
    }
    const event = kinesisEvent([{ data: {}, partitionKey: 'customer-7' }]);

    await createHandler([Spoofing], { logger, batchLog: 'off' })(event, lambdaContext({ awsRequestId: 'req-1' }));

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'x',
        requestId: 'req-1',
        shardId: 'shardId-000000000000',
        sequenceNumber: event.Records[0].kinesis.sequenceNumber,
        partitionKey: 'customer-7',
      }),
    ]);
  });

  it('never fails a record, even when the logger throws', async () => {
    const throwing: Logger = {
      debug() {
        throw new Error('disk full');
      },
      info() {
        throw new Error('disk full');
      },
      warn() {
        throw new Error('disk full');
      },
      error() {
        throw new Error('disk full');
      },
    };
    @StreamHandler()
    class Chatty {
      @OnPartitionKey(() => true)
      on(_payload: unknown, context: RecordContext) {
        context.logger.error('about to store');
      }
    }
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    try {
      const { response, records } = await createHandler([Chatty], { logger: throwing }).processBatch(kinesisEvent([{ data: {} }, { data: {} }]));

      expect(response.batchItemFailures).toEqual([]);
      expect(records.map((record) => record.status)).toEqual(['succeeded', 'succeeded']);
    } finally {
      stderr.mockRestore();
    }
  });
});
