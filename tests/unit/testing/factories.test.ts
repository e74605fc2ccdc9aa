import { FIRST_SEQUENCE_NUMBER, kinesisEvent, kinesisRecord, lambdaContext } from 'shardline/testing';

describe('kinesisEvent', () => {
  it('encodes objects as JSON, strings as UTF-8 and bytes as they are, in base64', () => {
    const event = kinesisEvent([{ data: { a: 1 } }, { data: 'héllo' }, { data: Buffer.from([0, 255]) }]);

    expect(event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64'))).toEqual([Buffer.from('{"a":1}'), Buffer.from('héllo'), Buffer.from([0, 255])]);
  });

  it('gives ascending 56-digit sequence numbers and eventIDs of the form shardId:sequence', () => {
    const event = kinesisEvent([{ data: 1 }, { data: 2 }, { data: 3 }], { shardId: 'shardId-000000000004' });
    const sequences = event.Records.map((r) => r.kinesis.sequenceNumber);

    expect(sequences.every((s) => /^\d{56}$/.test(s))).toBe(true);
    expect(sequences.map(BigInt)).toEqual([...sequences.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(sequences).size).toBe(3);
    expect(event.Records[1].eventID).toBe(`shardId-000000000004:${sequences[1]}`);
  });

  it('starts from a given sequence number', () => {
    const event = kinesisEvent([{ data: 1 }], { firstSequenceNumber: FIRST_SEQUENCE_NUMBER });
    expect(event.Records[0].kinesis.sequenceNumber).toBe(String(FIRST_SEQUENCE_NUMBER));
  });

  it('fills region and ARNs like a real event', () => {
    const record = kinesisRecord({ data: 'x', region: 'eu-west-1', streamName: 'orders', partitionKey: 'p' });

    expect(record).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      awsRegion: 'eu-west-1',
      eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
      kinesis: { partitionKey: 'p', kinesisSchemaVersion: '1.0' },
    });
  });
});

describe('lambdaContext', () => {
  it('counts its remaining time down from the given budget', () => {
    const context = lambdaContext({ remainingTimeMs: 10_000 });
    const remaining = context.getRemainingTimeInMillis();
    expect(remaining).toBeGreaterThan(9_000);
    expect(remaining).toBeLessThanOrEqual(10_000);
  });

  it('has no deadline when no budget is given', () => {
    expect(lambdaContext().getRemainingTimeInMillis()).toBe(Infinity);
  });
});
