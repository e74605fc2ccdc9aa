import {
  formatWindow,
  MAX_WINDOW_STATE_BYTES,
  OpenWindow,
  readWindowState,
  sameWindowLength,
  WINDOW_CLOSE_GRACE_MS,
  windowCloseReason,
  windowOf,
} from '../../../src/local/tumbling-window';

const at = (iso: string) => ({ approximateArrivalTimestamp: new Date(iso) });

describe('windowOf', () => {
  it('aligns windows on the epoch, by the arrival time', () => {
    expect(windowOf(new Date('2020-12-09T07:05:35.250Z'), 120_000)).toEqual({
      start: Date.parse('2020-12-09T07:04:00Z'),
      end: Date.parse('2020-12-09T07:06:00Z'),
    });
  });

  it('puts a record that arrived exactly on a boundary into the window that starts there', () => {
    expect(windowOf(new Date('2020-12-09T07:06:00Z'), 120_000).start).toBe(Date.parse('2020-12-09T07:06:00Z'));
  });

  it('gives one window to every record of the same interval, whatever its shard', () => {
    expect(windowOf(new Date('2024-01-01T00:00:29.999Z'), 30_000)).toEqual(windowOf(new Date('2024-01-01T00:00:00.000Z'), 30_000));
  });
});

describe('formatWindow', () => {
  it("writes the bounds as Lambda's event does, without a fraction of a second", () => {
    expect(formatWindow({ start: Date.parse('2020-12-09T07:04:00Z'), end: Date.parse('2020-12-09T07:06:00Z') })).toEqual({
      start: '2020-12-09T07:04:00Z',
      end: '2020-12-09T07:06:00Z',
    });
  });
});

describe('sameWindowLength', () => {
  it('stops at the first record of the next window', () => {
    const records = [at('2024-01-01T00:00:01Z'), at('2024-01-01T00:00:29Z'), at('2024-01-01T00:00:30Z'), at('2024-01-01T00:00:31Z')];

    expect(sameWindowLength(records, 30_000)).toBe(2);
  });

  it('takes every record of one window', () => {
    expect(sameWindowLength([at('2024-01-01T00:00:01Z'), at('2024-01-01T00:00:02Z')], 30_000)).toBe(2);
  });

  it('takes nothing from nothing', () => {
    expect(sameWindowLength([], 30_000)).toBe(0);
  });
});

describe('windowCloseReason', () => {
  const window = { start: Date.parse('2024-01-01T00:00:00Z'), end: Date.parse('2024-01-01T00:00:30Z') };

  it('keeps the window open while its records are still coming', () => {
    expect(windowCloseReason(window, at('2024-01-01T00:00:10Z'), { shardEnded: false }, 30_000)).toBeUndefined();
  });

  it('closes the window when the next record belongs to another one', () => {
    expect(windowCloseReason(window, at('2024-01-01T00:00:30Z'), { shardEnded: false }, 30_000)).toBe('next-window');
  });

  it('closes the window once a read that started after its end (and the grace) found the shard caught up', () => {
    const caughtUpReadStartedAt = window.end + WINDOW_CLOSE_GRACE_MS;

    expect(windowCloseReason(window, undefined, { shardEnded: false, caughtUpReadStartedAt }, 30_000)).toBe('time');
  });

  it('keeps the window open when the last caught-up read started before its end and the grace', () => {
    const caughtUpReadStartedAt = window.end + WINDOW_CLOSE_GRACE_MS - 1;

    expect(windowCloseReason(window, undefined, { shardEnded: false, caughtUpReadStartedAt }, 30_000)).toBeUndefined();
  });

  it('closes the window when its shard has ended', () => {
    expect(windowCloseReason(window, undefined, { shardEnded: true }, 30_000)).toBe('shard-end');
  });

  it('delivers the records of the window still waiting before closing it on a shard end', () => {
    expect(windowCloseReason(window, at('2024-01-01T00:00:20Z'), { shardEnded: true }, 30_000)).toBeUndefined();
  });
});

describe('readWindowState', () => {
  it('reads the state of a response, with its size as JSON', () => {
    expect(readWindowState({ state: { '1': 282, '2': 715 }, batchItemFailures: [] })).toEqual({ kind: 'state', state: { '1': 282, '2': 715 }, bytes: 17 });
  });

  it('copies the state, so that a handler changing its object later changes nothing Lambda keeps', () => {
    // Prepare
    const state = { sum: 1 };

    // Act
    const reading = readWindowState({ state });
    state.sum = 99;

    // Assert
    expect(reading).toMatchObject({ kind: 'state', state: { sum: 1 } });
  });

  it.each([[undefined], [null], [{}], [{ batchItemFailures: [] }], [{ state: undefined }], ['state']])('finds no state in %j', (response) => {
    expect(readWindowState(response)).toEqual({ kind: 'missing' });
  });

  it.each([
    [{ state: null }, /state is null/],
    [{ state: [1, 2] }, /state is an array/],
    [{ state: 282 }, /state is a number/],
    [{ state: { big: 1n } }, /cannot be serialized to JSON/],
  ])('refuses the state of %p', (response, reason) => {
    const reading = readWindowState(response);

    expect(reading.kind).toBe('invalid');
    expect(reading.kind === 'invalid' && reading.reason).toMatch(reason);
  });
});

describe('OpenWindow', () => {
  it('starts with an empty state', () => {
    expect(new OpenWindow({ start: 0, end: 30_000 }).state).toEqual({});
  });

  it('keeps the state Lambda accepted, and starts afresh after an early termination', () => {
    // Prepare
    const window = new OpenWindow({ start: 0, end: 30_000 });
    window.accept({ state: { sum: 3 }, bytes: 9 });

    // Act
    window.reset();

    // Assert
    expect(window.state).toEqual({});
    expect(window.stateTooLarge).toBe(false);
  });

  it('finds a state over 1 MB too large, and one of exactly 1 MB not', () => {
    const window = new OpenWindow({ start: 0, end: 30_000 });

    window.accept({ state: {}, bytes: MAX_WINDOW_STATE_BYTES });
    expect(window.stateTooLarge).toBe(false);
    window.accept({ state: {}, bytes: MAX_WINDOW_STATE_BYTES + 1 });
    expect(window.stateTooLarge).toBe(true);
  });
});
