import 'reflect-metadata';
import { createHandler, InvalidEventError, OnUnmatched, StreamHandler, type KinesisStreamEvent } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

@StreamHandler()
class Anything {
  @OnUnmatched()
  any() {}
}
const handler = createHandler([Anything], { logger: silentLogger });
const invoke = (event: unknown) => handler(event as KinesisStreamEvent);

describe('events that are not Kinesis events', () => {
  it.each([
    ['undefined', undefined, 'but got undefined'],
    ['null', null, 'but got null'],
    ['a string', 'hello', 'but got a string'],
    ['an object without Records', { detail: {} }, 'but got an object with keys detail'],
    ['Records that is not an array', { Records: 'x' }, 'whose Records is a string'],
  ])('rejects %s with an InvalidEventError that says what was expected and what arrived', async (_name, event, arrived) => {
    const error = await invoke(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toContain('expected a Kinesis event');
    expect((error as Error).message).toContain(arrived);
  });

  it('rejects an SQS event, naming its event source', async () => {
    const sqs = { Records: [{ messageId: '1', body: '{}', eventSource: 'aws:sqs', kinesis: {} }] };

    await expect(invoke(sqs)).rejects.toThrow(/eventSource 'aws:kinesis'.*"aws:sqs"/);
  });

  it('rejects a record without a kinesis object, naming its index', async () => {
    const event = { Records: [kinesisEvent([{ data: {} }]).Records[0], { eventSource: 'aws:kinesis' }] };

    await expect(invoke(event)).rejects.toThrow(/Records\[1\]/);
  });
});

describe('records without a usable sequence number', () => {
  it.each([
    ['missing', undefined],
    ['a number', 4.959e55],
  ])('reject the whole event when it is %s, before any record runs, since the record could not be reported', async (_name, sequenceNumber) => {
    const ran: string[] = [];
    const recording = createHandler([new Recorder(ran, () => false)], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]);
    (event.Records[1].kinesis as { sequenceNumber: unknown }).sequenceNumber = sequenceNumber;

    await expect(recording(event)).rejects.toThrow(/Records\[1\]\.kinesis\.sequenceNumber must be a decimal string/);
    expect(ran).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['not decimal', '49590338271490256608559692538361571095921575989136588898x'],
  ])('reject the whole event when it is %s and the record fails, since it could not be reported', async (_name, sequenceNumber) => {
    const failing = createHandler([new Recorder([], (n) => n === 1)], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]);
    (event.Records[1].kinesis as { sequenceNumber: unknown }).sequenceNumber = sequenceNumber;

    const error = await failing(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/^Records\[1\]\.kinesis\.sequenceNumber must be a decimal string, but is "/);
  });

  it("reject the whole event under onFailure 'continue' when the record that fails has one and the others succeed", async () => {
    const failing = createHandler([new Recorder([], (n) => n === 0)], { logger: silentLogger, onFailure: 'continue' });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]);
    (event.Records[0].kinesis as { sequenceNumber: unknown }).sequenceNumber = 'x';

    await expect(failing(event)).rejects.toThrow(/^Records\[0\]\.kinesis\.sequenceNumber must be a decimal string/);
  });

  it('are only checked where they are used: a record that succeeds is never reported, so its batch succeeds', async () => {
    const ran: string[] = [];
    const recording = createHandler([new Recorder(ran, () => false)], { logger: silentLogger });
    const event = kinesisEvent([{ data: { n: 0 } }, { data: { n: 1 } }]);
    (event.Records[1].kinesis as { sequenceNumber: unknown }).sequenceNumber = 'not a number';

    await expect(recording(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['0', '1']);
  });
});

/** Records `n` of each payload it handles, and throws for those `fails` picks. */
@StreamHandler()
class Recorder {
  constructor(
    readonly ran: string[],
    readonly fails: (n: number) => boolean,
  ) {}

  @OnUnmatched()
  record(payload: { n: number }) {
    this.ran.push(String(payload.n));
    if (this.fails(payload.n)) throw new Error(`record ${payload.n} failed`);
  }
}

describe('a record with a malformed field other than its sequence number', () => {
  it('fails that record alone, reported by its sequence number', async () => {
    const event = kinesisEvent([{ data: {} }, { data: {} }]);
    (event.Records[0].kinesis as { data: unknown }).data = 42;

    const { response, records } = await handler.processBatch(event);

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[0].kinesis.sequenceNumber },
      { itemIdentifier: event.Records[1].kinesis.sequenceNumber },
    ]);
    expect((records[0].error as Error).message).toContain('kinesis.data is not a string');
  });
});
