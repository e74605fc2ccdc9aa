import { InvalidEventError } from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { describeValue, readBatch } from '../../../src/records/batch-items';

describe('readBatch', () => {
  it('gives one item per plain record, in batch order, decoding nothing yet', () => {
    const event = kinesisEvent([{ data: 'a', partitionKey: 'k1' }, { data: 'b', partitionKey: 'k2' }]);

    const items = readBatch(event, true);

    expect(items.map((i) => [i.partitionKey, i.sequenceNumber, i.data])).toEqual([
      ['k1', event.Records[0].kinesis.sequenceNumber, undefined],
      ['k2', event.Records[1].kinesis.sequenceNumber, undefined],
    ]);
  });

  it('splits a KPL aggregate into sub-records with their own keys and the parent sequence number', () => {
    const aggregate = aggregateRecords([
      { partitionKey: 'a', data: 'one' },
      { partitionKey: 'b', data: 'two', explicitHashKey: '123' },
    ]);
    const event = kinesisEvent([{ data: aggregate, partitionKey: 'outer' }]);

    const items = readBatch(event, true);

    expect(items.map((i) => [i.partitionKey, i.subSequenceNumber, i.explicitHashKey, i.data?.toString(), i.sequenceNumber])).toEqual([
      ['a', 0, undefined, 'one', event.Records[0].kinesis.sequenceNumber],
      ['b', 1, '123', 'two', event.Records[0].kinesis.sequenceNumber],
    ]);
  });

  it('leaves an aggregate whole when deaggregation is off', () => {
    const event = kinesisEvent([{ data: aggregateRecords([{ partitionKey: 'a', data: 'one' }]), partitionKey: 'outer' }]);

    expect(readBatch(event, false).map((i) => i.partitionKey)).toEqual(['outer']);
  });

  it('turns a corrupt aggregate into one failed item, not a thrown batch', () => {
    const aggregate = aggregateRecords([{ partitionKey: 'a', data: 'one' }]);
    aggregate[aggregate.length - 1] ^= 0xff;

    const items = readBatch(kinesisEvent([{ data: aggregate }]), true);

    expect(items).toHaveLength(1);
    expect(items[0].error).toMatchObject({ name: 'RecordDecodeError', stage: 'deaggregate' });
  });

  it('throws InvalidEventError for a record without a sequence number', () => {
    const event = kinesisEvent([{ data: 'a' }]);
    (event.Records[0].kinesis as { sequenceNumber?: string }).sequenceNumber = undefined;

    expect(() => readBatch(event, true)).toThrow(InvalidEventError);
  });
});

describe('describeValue', () => {
  it('says what arrived in a few words', () => {
    expect([describeValue(null), describeValue([1]), describeValue({}), describeValue({ a: 1 }), describeValue(1), describeValue('x')]).toEqual([
      'null',
      'an array of 1',
      'an empty object',
      'an object with keys a',
      'number',
      'a string',
    ]);
  });
});

describe('an aggregate with no records', () => {
  it('becomes one failed item rather than vanishing from the batch', () => {
    const items = readBatch(kinesisEvent([{ data: aggregateRecords([]) }]), true);

    expect(items).toHaveLength(1);
    expect(items[0].error?.message).toContain('the KPL aggregate holds no records');
  });
});
