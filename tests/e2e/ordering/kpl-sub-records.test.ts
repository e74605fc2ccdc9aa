import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { recordingHandler, reported, sleep } from './recording-handler';

function aggregate(subRecords: ReadonlyArray<readonly [id: string, key: string]>) {
  return { data: aggregateRecords(subRecords.map(([id, partitionKey]) => ({ partitionKey, data: JSON.stringify({ id }) }))), partitionKey: subRecords[0][1] };
}

describe('KPL sub-records under partition-key ordering', () => {
  it('run under their own partition keys, each key in batch order, different keys concurrently', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(2), { ordering: 'partition-key', concurrency: 8 });
    const event = kinesisEvent([
      aggregate([
        ['x0', 'x'],
        ['y0', 'y'],
        ['x1', 'x'],
        ['y1', 'y'],
      ]),
      { data: { id: 'y2' }, partitionKey: 'y' },
      { data: { id: 'x2' }, partitionKey: 'x' },
    ]);

    const response = await handler(event);

    expect(reported(response)).toEqual([]);
    expect([...recorder.calls.values()].map((call) => [call.id, call.key])).toEqual(
      expect.arrayContaining([
        ['x0', 'x'],
        ['y0', 'y'],
        ['x1', 'x'],
        ['y1', 'y'],
        ['y2', 'y'],
        ['x2', 'x'],
      ]),
    );
    expect(recorder.startsOf('x')).toEqual(['x0', 'x1', 'x2']);
    expect(recorder.startsOf('y')).toEqual(['y0', 'y1', 'y2']);
    expect(recorder.peakInFlight).toBe(2);
    expect(recorder.peakInFlightPerKey).toBe(1);
  });

  it("report a failed sub-record by its parent record's sequence number, once, however many of its sub-records failed", async () => {
    const { handler } = recordingHandler(
      (id) => {
        if (id !== 'ok') throw new Error(`${id} fails`);
      },
      { ordering: 'partition-key', onFailure: 'continue' },
    );
    const event = kinesisEvent([
      aggregate([
        ['bad-a', 'a'],
        ['ok', 'b'],
        ['bad-c', 'c'],
      ]),
      { data: { id: 'ok' }, partitionKey: 'd' },
    ]);

    const response = await handler(event);

    expect(reported(response)).toEqual([event.Records[0].kinesis.sequenceNumber]);
  });

  it('with onFailure continue, skip and report the rest of a failed sub-record key, including plain records after the aggregate', async () => {
    const { handler, recorder } = recordingHandler(
      (id) => {
        if (id === 'x0') throw new Error('x0 fails');
      },
      { ordering: 'partition-key', onFailure: 'continue' },
    );
    const event = kinesisEvent([
      aggregate([
        ['x0', 'x'],
        ['y0', 'y'],
      ]),
      { data: { id: 'y1' }, partitionKey: 'y' },
      { data: { id: 'x1' }, partitionKey: 'x' },
    ]);

    const response = await handler(event);

    expect(recorder.starts.sort()).toEqual(['x0', 'y0', 'y1']);
    expect(reported(response)).toEqual([event.Records[0].kinesis.sequenceNumber, event.Records[2].kinesis.sequenceNumber]);
  });
});
