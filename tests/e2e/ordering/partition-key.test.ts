import { batch, recordingHandler, reported, roundRobin, sleep } from './recording-handler';

describe("ordering 'partition-key'", () => {
  it('runs records of different keys concurrently, as many at once as the concurrency allows', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(2), { ordering: 'partition-key', concurrency: 50 });
    const { event } = batch(roundRobin(50, 4));

    const response = await handler(event);

    expect(reported(response)).toEqual([]);
    expect(recorder.peakInFlight).toBe(50);
  });

  it('never has more records in flight than the concurrency, however many keys are ready', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(1), { ordering: 'partition-key', concurrency: 8 });
    const { event } = batch(roundRobin(50, 2));

    await handler(event);

    expect(recorder.peakInFlight).toBe(8);
  });

  it('runs the records of one key one at a time, in batch order, even when later ones would finish first', async () => {
    // Earlier records of a key sleep longer, so running them concurrently would reorder their ends.
    const records = roundRobin(5, 6);
    const delay = new Map(records.map(([id], i) => [id, records.length - i]));
    const { handler, recorder } = recordingHandler((id) => sleep(Math.floor((delay.get(id) ?? 0) / 6)), { ordering: 'partition-key', concurrency: 16 });
    const { event } = batch(records);

    await handler(event);

    expect(recorder.peakInFlightPerKey).toBe(1);
    for (let k = 0; k < 5; k++) {
      const expected = records.filter(([, key]) => key === `key-${k}`).map(([id]) => id);
      expect(recorder.startsOf(`key-${k}`)).toEqual(expected);
      expect(recorder.ends.filter((id) => expected.includes(id))).toEqual(expected);
    }
  });

  it('with onFailure continue, skips and reports the rest of a failed key while other keys go on', async () => {
    const { handler, recorder } = recordingHandler(
      async (id) => {
        await sleep(1);
        if (id === 'a1') throw new Error('a1 fails');
      },
      { ordering: 'partition-key', concurrency: 4, onFailure: 'continue' },
    );
    const { event, seq } = batch([
      ['a0', 'a'],
      ['b0', 'b'],
      ['a1', 'a'],
      ['b1', 'b'],
      ['a2', 'a'],
      ['b2', 'b'],
      ['a3', 'a'],
      ['c0', 'c'],
    ]);

    const response = await handler(event);

    expect(reported(response)).toEqual([seq('a1'), seq('a2'), seq('a3')]);
    expect([...recorder.starts].sort()).toEqual(['a0', 'a1', 'b0', 'b1', 'b2', 'c0']);
    expect(recorder.succeeded().sort()).toEqual(['a0', 'b0', 'b1', 'b2', 'c0']);
  });

  it('with onFailure stop, lets running records finish, starts nothing new and reports every record not completed, in batch order', async () => {
    const { handler, recorder } = recordingHandler(
      async (id) => {
        if (id === 'b0') {
          await sleep(2);
          throw new Error('b0 fails');
        }
        await sleep(30);
      },
      { ordering: 'partition-key', concurrency: 3, onFailure: 'stop' },
    );
    const { event, seq } = batch([
      ['a0', 'a'],
      ['b0', 'b'],
      ['c0', 'c'],
      ['a1', 'a'],
      ['b1', 'b'],
      ['c1', 'c'],
      ['d0', 'd'],
    ]);

    const response = await handler(event);

    expect(recorder.starts).toEqual(['a0', 'b0', 'c0']);
    expect(recorder.succeeded().sort()).toEqual(['a0', 'c0']);
    expect(recorder.inFlight).toBe(0);
    expect(reported(response)).toEqual([seq('b0'), seq('a1'), seq('b1'), seq('c1'), seq('d0')]);
  });
});

describe("ordering 'none'", () => {
  it('runs records of one key concurrently, up to the concurrency', async () => {
    const { handler, recorder } = recordingHandler(() => sleep(2), { ordering: 'none', concurrency: 6 });
    const { event } = batch(roundRobin(1, 20));

    const response = await handler(event);

    expect(reported(response)).toEqual([]);
    expect(recorder.peakInFlight).toBe(6);
    expect(recorder.peakInFlightPerKey).toBe(6);
  });

  it('starts records in batch order', async () => {
    const records = roundRobin(3, 10);
    const { handler, recorder } = recordingHandler(() => sleep(1), { ordering: 'none', concurrency: 4 });
    const { event } = batch(records);

    await handler(event);

    expect(recorder.starts).toEqual(records.map(([id]) => id));
  });

  it('with onFailure stop, lets running records finish and reports the failure and every record not started, in batch order', async () => {
    const { handler, recorder } = recordingHandler(
      async (id) => {
        if (id === 'r1') {
          await sleep(2);
          throw new Error('r1 fails');
        }
        await sleep(30);
      },
      { ordering: 'none', concurrency: 2, onFailure: 'stop' },
    );
    const { event, seq } = batch([
      ['r0', 'k'],
      ['r1', 'k'],
      ['r2', 'k'],
      ['r3', 'k'],
    ]);

    const response = await handler(event);

    expect(recorder.starts).toEqual(['r0', 'r1']);
    expect(recorder.succeeded()).toEqual(['r0']);
    expect(reported(response)).toEqual([seq('r1'), seq('r2'), seq('r3')]);
  });

  it('with onFailure continue, tries every record and reports each failure, whatever its key', async () => {
    const { handler, recorder } = recordingHandler(
      async (id) => {
        await sleep(1);
        if (id.endsWith('-0')) throw new Error(`${id} fails`);
      },
      { ordering: 'none', concurrency: 4, onFailure: 'continue' },
    );
    const records: Array<[string, string]> = [
      ['a-0', 'a'],
      ['a-1', 'a'],
      ['b-0', 'b'],
      ['b-1', 'b'],
    ];
    const { event, seq } = batch(records);

    const response = await handler(event);

    expect(recorder.starts).toHaveLength(4);
    expect(reported(response)).toEqual([seq('a-0'), seq('b-0')]);
  });
});

describe("ordering 'shard'", () => {
  it('runs one record at a time, in batch order, whatever the concurrency option says', async () => {
    const records = roundRobin(4, 5);
    const { handler, recorder } = recordingHandler(() => sleep(1), { ordering: 'shard', concurrency: 16 });
    const { event } = batch(records);

    await handler(event);

    expect(recorder.peakInFlight).toBe(1);
    expect(recorder.starts).toEqual(records.map(([id]) => id));
  });

  it('with onFailure stop, reports the failed record and every one after it', async () => {
    const { handler, recorder } = recordingHandler(
      (id) => {
        if (id === 'k0-1') throw new Error('fails');
      },
      { ordering: 'shard' },
    );
    const records = roundRobin(1, 4);
    const { event, seq } = batch(records);

    const response = await handler(event);

    expect(recorder.starts).toEqual(['k0-0', 'k0-1']);
    expect(reported(response)).toEqual([seq('k0-1'), seq('k0-2'), seq('k0-3')]);
  });
});
