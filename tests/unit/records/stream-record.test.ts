import { kinesisRecord } from 'shardline/testing';
import { createStreamRecord } from '../../../src/records/stream-record';

describe('createStreamRecord', () => {
  const raw = kinesisRecord({ data: 'x', partitionKey: 'outer', shardId: 'shardId-000000000007' });
  const data = Buffer.from('{"a":1}');
  const record = createStreamRecord(raw, 'inner', 2, '123', data);

  it('gives every field of the record, the derived ones included', () => {
    expect({
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      subSequenceNumber: record.subSequenceNumber,
      data: record.data,
      approximateArrivalTimestamp: record.approximateArrivalTimestamp,
      eventID: record.eventID,
      eventSourceARN: record.eventSourceARN,
      shardId: record.shardId,
      explicitHashKey: record.explicitHashKey,
      raw: record.raw,
    }).toEqual({
      partitionKey: 'inner',
      sequenceNumber: raw.kinesis.sequenceNumber,
      subSequenceNumber: 2,
      data,
      approximateArrivalTimestamp: raw.kinesis.approximateArrivalTimestamp,
      eventID: raw.eventID,
      eventSourceARN: raw.eventSourceARN,
      shardId: 'shardId-000000000007',
      explicitHashKey: '123',
      raw,
    });
  });

  it('serialises to JSON with the derived fields, as a logger would write it', () => {
    const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;

    expect(json).toMatchObject({
      partitionKey: 'inner',
      shardId: 'shardId-000000000007',
      approximateArrivalTimestamp: raw.kinesis.approximateArrivalTimestamp,
      subSequenceNumber: 2,
    });
    expect(json.data).toEqual({ type: 'Buffer', data: [...data] });
  });

  it('freezes the event record and its kinesis object when raw is read, so a route cannot change them', () => {
    const own = kinesisRecord({ data: 'x' });
    const view = createStreamRecord(own, 'k', undefined, undefined);

    const read = view.raw;

    expect(read).toBe(own);
    expect([Object.isFrozen(own), Object.isFrozen(own.kinesis)]).toEqual([true, true]);
    expect(() => {
      (read.kinesis as { sequenceNumber: string }).sequenceNumber = '';
    }).toThrow(TypeError);
  });

  it('leaves the event record as it is until raw is read', () => {
    const own = kinesisRecord({ data: 'x' });

    createStreamRecord(own, 'k', undefined, undefined);

    expect(Object.isFrozen(own)).toBe(false);
  });

  it('takes the whole eventID as the shard when it has no colon, and an empty one when it is missing', () => {
    expect(createStreamRecord({ ...raw, eventID: 'shardId-000000000001' }, 'k', undefined, undefined).shardId).toBe('shardId-000000000001');
    expect(createStreamRecord({ ...raw, eventID: undefined as never }, 'k', undefined, undefined).shardId).toBe('');
  });
});
