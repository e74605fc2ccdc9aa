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
    ['empty', ''],
    ['not decimal', '49590338271490256608559692538361571095921575989136588898x'],
    ['a number', 4.959e55],
  ])('reject the whole event when it is %s, since the record could not be reported', async (_name, sequenceNumber) => {
    const event = kinesisEvent([{ data: {} }, { data: {} }]);
    (event.Records[1].kinesis as { sequenceNumber: unknown }).sequenceNumber = sequenceNumber;

    await expect(handler(event)).rejects.toThrow(/Records\[1\]\.kinesis\.sequenceNumber must be a decimal string/);
  });
});

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
