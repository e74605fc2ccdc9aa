import { InvalidEventError } from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { describeValue, readBatch, type Batch } from '../../../src/records/batch';

/** Every unit as a row of what the runtime reads from it. */
function units(batch: Batch): unknown[][] {
  return Array.from({ length: batch.size }, (_, u) => [
    batch.partitionKey(u),
    batch.sequenceNumber(u),
    batch.subSequenceNumber(u),
    batch.explicitHashKey(u),
    batch.data(u)?.toString(),
    batch.error(u)?.message,
  ]);
}

/** Every unit's partition key, in batch order. */
function partitionKeys(batch: Batch): string[] {
  return Array.from({ length: batch.size }, (_, unit) => batch.partitionKey(unit));
}

describe('readBatch', () => {
  it('gives one unit per plain record, in batch order, decoding nothing yet', () => {
    const event = kinesisEvent([
      { data: 'a', partitionKey: 'k1' },
      { data: 'b', partitionKey: 'k2' },
    ]);

    const batch = readBatch(event, true);

    expect(units(batch)).toEqual([
      ['k1', event.Records[0].kinesis.sequenceNumber, undefined, undefined, undefined, undefined],
      ['k2', event.Records[1].kinesis.sequenceNumber, undefined, undefined, undefined, undefined],
    ]);
    expect(batch.raw(1)).toBe(event.Records[1]);
    expect(partitionKeys(batch)).toEqual(['k1', 'k2']);
  });

  it('splits a KPL aggregate into sub-records with their own keys and the parent sequence number', () => {
    const aggregate = aggregateRecords([
      { partitionKey: 'a', data: 'one' },
      { partitionKey: 'b', data: 'two', explicitHashKey: '123' },
    ]);
    const event = kinesisEvent([{ data: aggregate, partitionKey: 'outer' }]);

    const batch = readBatch(event, true);

    expect(units(batch)).toEqual([
      ['a', event.Records[0].kinesis.sequenceNumber, 0, undefined, 'one', undefined],
      ['b', event.Records[0].kinesis.sequenceNumber, 1, '123', 'two', undefined],
    ]);
    expect(batch.location(1)).toEqual({ sequenceNumber: event.Records[0].kinesis.sequenceNumber, subSequenceNumber: 1, partitionKey: 'b' });
  });

  it('keeps plain records before, between and after aggregates as their own units, in batch order', () => {
    const event = kinesisEvent([
      { data: 'p0', partitionKey: 'p0' },
      {
        data: aggregateRecords([
          { partitionKey: 'a', data: 'one' },
          { partitionKey: 'b', data: 'two' },
        ]),
      },
      { data: 'p2', partitionKey: 'p2' },
      { data: aggregateRecords([{ partitionKey: 'c', data: 'three' }]) },
      { data: 'p4', partitionKey: 'p4' },
    ]);

    const batch = readBatch(event, true);

    expect(partitionKeys(batch)).toEqual(['p0', 'a', 'b', 'p2', 'c', 'p4']);
    expect(Array.from({ length: batch.size }, (_, u) => batch.raw(u))).toEqual([0, 1, 1, 2, 3, 4].map((r) => event.Records[r]));
    expect(Array.from({ length: batch.size }, (_, u) => batch.subSequenceNumber(u))).toEqual([undefined, 0, 1, undefined, 0, undefined]);
    expect(batch.location(0)).toEqual({ sequenceNumber: event.Records[0].kinesis.sequenceNumber, partitionKey: 'p0' });
  });

  it('leaves an aggregate whole when deaggregation is off', () => {
    const event = kinesisEvent([{ data: aggregateRecords([{ partitionKey: 'a', data: 'one' }]), partitionKey: 'outer' }]);

    expect(partitionKeys(readBatch(event, false))).toEqual(['outer']);
  });

  it('turns a corrupt aggregate into one failed unit that keeps its bytes, not a thrown batch', () => {
    const aggregate = aggregateRecords([{ partitionKey: 'a', data: 'one' }]);
    aggregate[aggregate.length - 1] ^= 0xff;

    const batch = readBatch(kinesisEvent([{ data: aggregate }]), true);

    expect(batch.size).toBe(1);
    expect(batch.error(0)).toMatchObject({ name: 'RecordDecodeError', stage: 'deaggregate' });
    expect(batch.data(0)).toEqual(aggregate);
  });

  it('fails a unit whose text starts like an aggregate but is not base64, naming the stage', () => {
    const event = kinesisEvent([{ data: 'x' }]);
    event.Records[0].kinesis.data = '84mawg' + '!'.repeat(30);

    const batch = readBatch(event, true);

    expect(batch.error(0)).toMatchObject({ name: 'RecordDecodeError', stage: 'base64' });
    expect(batch.error(0)?.message).toContain('kinesis.data is not valid base64');
  });

  it('keeps the decoded bytes of a record whose base64 starts like an aggregate but is too short to be one', () => {
    // The KPL magic and 15 more bytes: 28 characters of base64, one byte short of magic + MD5 digest.
    const bytes = Buffer.concat([Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), Buffer.alloc(15, 1)]);
    const event = kinesisEvent([{ data: bytes }]);

    const batch = readBatch(event, true);

    expect(batch.size).toBe(1);
    expect(batch.error(0)).toBeUndefined();
    expect(batch.data(0)).toEqual(bytes);
  });

  it('gives the sequence numbers it checked, whatever happens to the event records afterwards', () => {
    const aggregate = aggregateRecords([
      { partitionKey: 'x', data: '{}' },
      { partitionKey: 'y', data: '{}' },
    ]);
    const event = kinesisEvent([{ data: 'a' }, { data: aggregate }]);
    const checked = event.Records.map((record) => record.kinesis.sequenceNumber);
    const batch = readBatch(event, true);

    event.Records[0].kinesis.sequenceNumber = '';
    delete (event.Records[1].kinesis as Partial<(typeof event.Records)[1]['kinesis']>).sequenceNumber;

    expect([batch.sequenceNumber(0), batch.sequenceNumber(1), batch.sequenceNumber(2)]).toEqual([checked[0], checked[1], checked[1]]);
    expect(batch.location(2).sequenceNumber).toBe(checked[1]);
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
  it('becomes one failed unit rather than vanishing from the batch', () => {
    const batch = readBatch(kinesisEvent([{ data: aggregateRecords([]) }]), true);

    expect(batch.size).toBe(1);
    expect(batch.error(0)?.message).toContain('the KPL aggregate holds no records');
  });
});

describe('sequence numbers', () => {
  const valid = '49590338271490256608559692538361571095921575989136588898';

  function eventWith(sequenceNumbers: unknown[]): unknown {
    const event = kinesisEvent(sequenceNumbers.map(() => ({ data: 'a' })));
    sequenceNumbers.forEach((sequenceNumber, i) => {
      (event.Records[i].kinesis as { sequenceNumber: unknown }).sequenceNumber = sequenceNumber;
    });
    return event;
  }

  it.each([
    ['56 digits', valid],
    ['51 digits', valid.slice(0, 51)],
    ['one digit', '7'],
    ['128 digits', '9'.repeat(128)],
  ])('accepts %s, where it is reported', (_name, sequenceNumber) => {
    const batch = readBatch(eventWith([valid, sequenceNumber, valid]), true);

    expect([batch.sequenceNumber(1), batch.checkedSequenceNumber(1)]).toEqual([sequenceNumber, sequenceNumber]);
  });

  it('accepts a batch whose sequence numbers differ in length', () => {
    const batch = readBatch(eventWith(['1', valid, '22', valid.slice(0, 51)]), true);

    expect([0, 1, 2, 3].map((unit) => batch.checkedSequenceNumber(unit))).toEqual(['1', valid, '22', valid.slice(0, 51)]);
  });

  it.each([
    ['a letter at the end of 56 characters', `${valid.slice(0, 55)}x`],
    ['a letter at the start of 56 characters', `x${valid.slice(1)}`],
    ['a space in the middle of 56 characters', `${valid.slice(0, 28)} ${valid.slice(29)}`],
    ['a non-digit in 51 characters', `${valid.slice(0, 50)}-`],
    ['51 characters, one a colon (the character after 9)', `${valid.slice(0, 25)}:${valid.slice(26, 51)}`],
    ['a slash (the character before 0)', `${valid.slice(0, 55)}/`],
    ['a sign', `+${valid.slice(1)}`],
    ['an Arabic-Indic digit', `${valid.slice(0, 55)}\u0663`],
    ['a full-width digit', `${valid.slice(0, 55)}\uFF13`],
    ['a trailing newline', `${valid}\n`],
    ['an empty string', ''],
  ])('refuses to report a sequence number with %s, naming the record', (_name, sequenceNumber) => {
    const batch = readBatch(eventWith([valid, valid, sequenceNumber, valid]), true);

    expect(() => batch.checkedSequenceNumber(2)).toThrow(/^Records\[2\]\.kinesis\.sequenceNumber must be a decimal string/);
    expect(batch.checkedSequenceNumber(3)).toBe(valid);
  });

  it('names the Kinesis record of a sub-record whose aggregate has a bad sequence number', () => {
    const event = kinesisEvent([
      { data: {} },
      {
        data: aggregateRecords([
          { partitionKey: 'a', data: '{}' },
          { partitionKey: 'b', data: '{}' },
        ]),
      },
    ]);
    (event.Records[1].kinesis as { sequenceNumber: string }).sequenceNumber = 'x';
    const batch = readBatch(event, true);

    expect(batch.size).toBe(3);
    expect(() => batch.checkedSequenceNumber(2)).toThrow(/^Records\[1\]\.kinesis\.sequenceNumber must be a decimal string, but is "x"/);
  });

  it.each([
    ['missing', undefined],
    ['a number', 4.959e55],
  ])('rejects the event when a sequence number is %s, naming the record (it is not a string to report)', (_name, sequenceNumber) => {
    expect(() => readBatch(eventWith([valid, valid, sequenceNumber, valid]), true)).toThrow(/^Records\[2\]\.kinesis\.sequenceNumber must be a decimal string/);
  });
});
