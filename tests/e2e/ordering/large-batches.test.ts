import { batch, recordingHandler, reported } from './recording-handler';

/** A Kinesis batch holds at most 10,000 records. */
const MAX_BATCH = 10_000;

function records(keyOf: (i: number) => string): Array<[string, string]> {
  return Array.from({ length: MAX_BATCH }, (_, i): [string, string] => [`r${i}`, keyOf(i)]);
}

describe('a batch of 10,000 records', () => {
  it('with 10,000 distinct keys under partition-key, runs every record once and reports none', async () => {
    const all = records((i) => `key-${i}`);
    const { handler, recorder } = recordingHandler(
      async () => {
        await Promise.resolve();
      },
      { ordering: 'partition-key', concurrency: 64 },
    );
    const { event } = batch(all);

    const response = await handler(event);

    expect(reported(response)).toEqual([]);
    expect(recorder.starts).toHaveLength(MAX_BATCH);
    expect(new Set(recorder.starts).size).toBe(MAX_BATCH);
    expect(recorder.peakInFlight).toBe(64);
  });

  it('with a single key under partition-key, runs every record once, in batch order, one at a time', async () => {
    const all = records(() => 'the-only-key');
    const { handler, recorder } = recordingHandler(
      async () => {
        await Promise.resolve();
      },
      { ordering: 'partition-key', concurrency: 64 },
    );
    const { event } = batch(all);

    const response = await handler(event);

    expect(reported(response)).toEqual([]);
    expect(recorder.starts).toEqual(all.map(([id]) => id));
    expect(recorder.peakInFlight).toBe(1);
  });

  it('with a single key and onFailure continue, reports exactly the failed record and every record after it', async () => {
    const all = records(() => 'the-only-key');
    const { handler, recorder } = recordingHandler(
      (id) => {
        if (id === 'r5000') throw new Error('r5000 fails');
      },
      { ordering: 'partition-key', concurrency: 64, onFailure: 'continue' },
    );
    const { event } = batch(all);

    const response = await handler(event);

    expect(recorder.starts).toHaveLength(5_001);
    expect(reported(response)).toEqual(event.Records.slice(5_000).map((record) => record.kinesis.sequenceNumber));
  });

  it('with 10,000 distinct keys and onFailure continue, reports only the records that failed', async () => {
    const all = records((i) => `key-${i}`);
    const { handler } = recordingHandler(
      async (id) => {
        await Promise.resolve();
        if (Number(id.slice(1)) % 1_000 === 999) throw new Error(`${id} fails`);
      },
      { ordering: 'partition-key', concurrency: 64, onFailure: 'continue' },
    );
    const { event, seq } = batch(all);

    const response = await handler(event);

    expect(reported(response)).toEqual(Array.from({ length: 10 }, (_, n) => seq(`r${n * 1_000 + 999}`)));
  });
});
