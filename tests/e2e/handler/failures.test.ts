import 'reflect-metadata';
import { createHandler, FullBatchFailureError, OnInvalid, OnPartitionKey, OnRecord, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { captureLogger, silentLogger } from '../../support/capture-logger';

/** A handler whose route fails the records whose payload says so. */
function failingWhere(calls: number[]) {
  @StreamHandler()
  class Scripted {
    @OnPartitionKey(() => true)
    async handle(payload: { n: number; fail?: boolean; throwSync?: boolean }) {
      calls.push(payload.n);
      if (payload.throwSync === true) throw new Error(`record ${payload.n} failed`);
      await Promise.resolve();
      if (payload.fail === true) throw new Error(`record ${payload.n} failed`);
    }
  }
  return Scripted;
}

/** What every line of an invocation without a Lambda context carries (no request id, no function name). */
const invocationFields = { coldStart: true, shardId: 'shardId-000000000000' };

const seq = (event: { Records: Array<{ kinesis: { sequenceNumber: string } }> }, ...indexes: number[]) =>
  indexes.map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber }));

describe("onFailure: 'stop' (the default)", () => {
  it('starts no record after the first failure and reports the failed record and every one after it', async () => {
    const calls: number[] = [];
    const handler = createHandler([failingWhere(calls)], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1, fail: true } }, { data: { n: 2 } }, { data: { n: 3 } }]);

    const response = await handler(event);

    expect(calls).toEqual([0, 1]);
    expect(response.batchItemFailures).toEqual(seq(event, 1, 2, 3));
  });

  it('treats a synchronous throw like a rejection', async () => {
    const calls: number[] = [];
    const handler = createHandler([failingWhere(calls)], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0, throwSync: true } }, { data: { n: 1 } }]);

    const response = await handler(event);

    expect(calls).toEqual([0]);
    expect(response.batchItemFailures).toEqual(seq(event, 0, 1));
  });
});

describe("onFailure: 'continue'", () => {
  it('tries every other record and reports each failure in batch order', async () => {
    const calls: number[] = [];
    const handler = createHandler([failingWhere(calls)], { onFailure: 'continue', logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0, fail: true } }, { data: { n: 1 } }, { data: { n: 2, throwSync: true } }, { data: { n: 3 } }]);

    const response = await handler(event);

    expect(calls).toEqual([0, 1, 2, 3]);
    expect(response.batchItemFailures).toEqual(seq(event, 0, 2));
  });
});

describe('a batch where everything succeeds', () => {
  it('returns an empty failure list, never undefined', async () => {
    const handler = createHandler([failingWhere([])], { logger: silentLogger });

    const response = await handler(kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]));

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('returns an empty failure list for an event with no records', async () => {
    const handler = createHandler([failingWhere([])], { logger: silentLogger });

    expect(await handler({ Records: [] })).toEqual({ batchItemFailures: [] });
  });
});

describe('throwOnFullBatchFailure', () => {
  it('throws FullBatchFailureError with every record error when no record succeeded', async () => {
    const handler = createHandler([failingWhere([])], { throwOnFullBatchFailure: true, onFailure: 'continue', logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0, fail: true } }, { data: { n: 1, fail: true } }]);

    const thrown = await handler(event).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(FullBatchFailureError);
    expect((thrown as FullBatchFailureError).failures.map((f) => (f.error as Error).message)).toEqual(['record 0 failed', 'record 1 failed']);
  });

  it('returns the partial response when at least one record succeeded', async () => {
    const handler = createHandler([failingWhere([])], { throwOnFullBatchFailure: true, logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1, fail: true } }]);

    expect(await handler(event)).toEqual({ batchItemFailures: seq(event, 1) });
  });

  it('does not throw by default when every record failed', async () => {
    const handler = createHandler([failingWhere([])], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0, fail: true } }]);

    expect(await handler(event)).toEqual({ batchItemFailures: seq(event, 0) });
  });
});

describe('records that match no route', () => {
  @StreamHandler()
  class OnlyCreated {
    @OnRecord('created')
    created() {}
  }

  it("are skipped with unmatched: 'skip' (the default), and reported per record by processBatch", async () => {
    const handler = createHandler([OnlyCreated], { logger: silentLogger });
    const event = kinesisEvent([{ data: { type: 'deleted' }, partitionKey: 'k-1' }, { data: { type: 'created' } }]);

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual([]);
    expect(records.map((r) => [r.status, r.route])).toEqual([
      ['skipped', undefined],
      ['succeeded', 'OnlyCreated.created'],
    ]);
  });

  it('are logged in one info line a batch with counts only, and counted by type in one debug line, however many there are', async () => {
    const logger = captureLogger();
    const handler = createHandler([OnlyCreated], { logger, batchLog: 'off' });
    const types = ['deleted', 'created', 'archived', 'deleted', 'created', 'deleted'];
    const event = kinesisEvent([...types.map((type) => ({ data: { type } })), { data: { kind: 'deleted' } }, { data: [1, 2] }]);

    await handler(event);

    expect(logger.entries).toEqual([
      { level: 'info', message: '6 records matched no route and were skipped', fields: { ...invocationFields, skipped: 6, distinctTypes: 3 } },
      {
        level: 'debug',
        message: 'payload types of the records that matched no route',
        fields: { ...invocationFields, types: { deleted: 3, '(no type)': 2, archived: 1 } },
      },
    ]);
  });

  it('name the 20 most frequent types when more types than that went unmatched', async () => {
    const logger = captureLogger();
    const handler = createHandler([OnlyCreated], { logger, batchLog: 'off' });
    const event = kinesisEvent(Array.from({ length: 25 }, (_, i) => ({ data: { type: `t-${String(i).padStart(2, '0')}` } })));

    await handler(event);

    const [info, debug] = logger.entries;
    expect(logger.entries).toHaveLength(2);
    expect(info.fields).toEqual({ ...invocationFields, skipped: 25, distinctTypes: 25 });
    expect(debug.fields).toMatchObject({ otherTypes: 5 });
    expect(Object.keys(debug.fields?.types as object)).toHaveLength(20);
  });

  it("fail with an UnmatchedRecordError under unmatched: 'fail'", async () => {
    const handler = createHandler([OnlyCreated], { unmatched: 'fail', logger: silentLogger });
    const event = kinesisEvent([{ data: { type: 'deleted' } }]);

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual(seq(event, 0));
    expect(records[0].error).toMatchObject({ name: 'UnmatchedRecordError', payloadType: 'deleted' });
  });
});

describe('records that cannot be decoded or validated', () => {
  @StreamHandler()
  class Strict {
    @OnRecord('created')
    created() {}
  }

  it("fail by default (invalid: 'fail') with a RecordDecodeError", async () => {
    const handler = createHandler([Strict], { logger: silentLogger });
    const event = kinesisEvent([{ data: '{"type": "created", broken' }]);

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual(seq(event, 0));
    expect(records[0].error).toMatchObject({ name: 'RecordDecodeError', stage: 'codec' });
  });

  it("are skipped and logged as a warning with invalid: 'skip'", async () => {
    const logger = captureLogger();
    const handler = createHandler([Strict], { invalid: 'skip', logger, batchLog: 'off' });

    const { response, records } = await handler.processBatch(kinesisEvent([{ data: 'not json' }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(records[0].status).toBe('skipped');
    expect(logger.entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('go to @OnInvalid, which handles them by returning', async () => {
    const errors: RecordError[] = [];
    @StreamHandler()
    class WithQuarantine {
      @OnRecord('created')
      created() {}
      @OnInvalid()
      quarantine(error: RecordError) {
        errors.push(error);
      }
    }
    const handler = createHandler([WithQuarantine], { logger: silentLogger });
    const event = kinesisEvent([{ data: 'not json' }, { data: { type: 'created' } }]);

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual([]);
    expect(errors.map((e) => [e.name, e.sequenceNumber])).toEqual([['RecordDecodeError', event.Records[0].kinesis.sequenceNumber]]);
    expect(records.map((r) => r.route)).toEqual(['WithQuarantine.quarantine', 'WithQuarantine.created']);
  });

  it('fail when @OnInvalid throws', async () => {
    @StreamHandler()
    class BrokenQuarantine {
      @OnRecord('created')
      created() {}
      @OnInvalid()
      quarantine() {
        return Promise.reject(new Error('dead-letter queue unavailable'));
      }
    }
    const handler = createHandler([BrokenQuarantine], { logger: silentLogger });
    const event = kinesisEvent([{ data: 'not json' }]);

    expect(await handler(event)).toEqual({ batchItemFailures: seq(event, 0) });
  });

  it('fail on bad base64 with a RecordDecodeError at the base64 stage', async () => {
    const handler = createHandler([Strict], { logger: silentLogger });
    const event = kinesisEvent([{ data: { type: 'created' } }]);
    event.Records[0].kinesis.data = 'eyJ0eXBlIjoiY3JlYXRlZCJ9*!';

    const { records } = await handler.processBatch(event);

    expect(records[0].error).toMatchObject({ name: 'RecordDecodeError', stage: 'base64' });
  });
});

describe('failure logs', () => {
  it('name the record by sequence number and partition key and keep the error', async () => {
    const logger = captureLogger();
    const handler = createHandler([failingWhere([])], { logger });
    const event = kinesisEvent([{ data: { n: 0, fail: true }, partitionKey: 'customer-9' }]);

    await handler(event);

    const failure = logger.entries.find((e) => e.level === 'error');
    expect(failure?.fields).toMatchObject({ sequenceNumber: event.Records[0].kinesis.sequenceNumber, partitionKey: 'customer-9', route: 'Scripted.handle' });
    expect(failure?.fields?.error).toBeInstanceOf(Error);
  });

  const unfinishedWarnings = (logger: ReturnType<typeof captureLogger>) =>
    logger.entries.filter((e) => e.level === 'warn').map((e) => [e.message, e.fields?.unfinished]);

  it("warn once about the records a failure left unfinished under onFailure: 'stop'", async () => {
    const logger = captureLogger();
    const handler = createHandler([failingWhere([])], { logger });

    await handler(kinesisEvent([{ data: { n: 0, fail: true } }, { data: { n: 1 } }, { data: { n: 2 } }]));

    expect(unfinishedWarnings(logger)).toEqual([['2 records did not complete and will be redelivered: an earlier record failed', 2]]);
  });

  it("warn about the rest of a failed key under ordering: 'partition-key' and onFailure: 'continue', in the singular for one", async () => {
    const logger = captureLogger();
    const handler = createHandler([failingWhere([])], { logger, ordering: 'partition-key', onFailure: 'continue' });

    await handler(
      kinesisEvent([
        { data: { n: 0, fail: true }, partitionKey: 'a' },
        { data: { n: 1 }, partitionKey: 'a' },
        { data: { n: 2 }, partitionKey: 'b' },
      ]),
    );

    expect(unfinishedWarnings(logger)).toEqual([['1 record did not complete and will be redelivered: an earlier record failed', 1]]);
  });

  it('do not warn about unfinished records when a failure left none', async () => {
    const logger = captureLogger();
    const handler = createHandler([failingWhere([])], { logger, onFailure: 'continue' });

    await handler(kinesisEvent([{ data: { n: 0, fail: true } }, { data: { n: 1 } }]));

    expect(unfinishedWarnings(logger)).toEqual([]);
  });
});
