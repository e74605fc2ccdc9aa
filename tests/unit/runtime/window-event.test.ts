import { InvalidEventError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { readBatch } from '../../../src/records/batch';
import { readWindowEvent } from '../../../src/runtime/window-event';

const WINDOW = { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' };

function read(event: object) {
  return readWindowEvent(event, readBatch(event, true));
}

describe('readWindowEvent', () => {
  it('is undefined for an event without a window', () => {
    expect(read(kinesisEvent([{ data: 'a' }]))).toBeUndefined();
  });

  it('reads the window, its state and flags, as Lambda sends them', () => {
    const event = kinesisEvent([{ data: 'a' }], { window: WINDOW, state: { n: 1 }, shardId: 'shardId-000000000003', final: true, terminatedEarly: true });

    expect(read(event)).toEqual({
      ...WINDOW,
      shardId: 'shardId-000000000003',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/shardline-test',
      final: true,
      terminatedEarly: true,
      state: { n: 1 },
    });
  });

  it('takes the shard and stream from the first record, and {} for the state, when the event leaves them out', () => {
    const { Records } = kinesisEvent([{ data: 'a', shardId: 'shardId-000000000008' }]);

    expect(read({ Records, window: WINDOW })).toEqual({
      ...WINDOW,
      shardId: 'shardId-000000000008',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/shardline-test',
      final: false,
      terminatedEarly: false,
      state: {},
    });
  });

  it('reads a window without records, or their shard, with an empty shard', () => {
    expect(read({ Records: [], window: WINDOW, state: null })).toMatchObject({ shardId: '', eventSourceARN: '', state: {} });
  });

  it.each([
    ['a string', '2026-11-28T10:00:00Z', 'but got a string'],
    ['null', null, 'but got null'],
    ['an object without end', { start: WINDOW.start }, 'but got an object with keys start'],
  ])('refuses a window that is %s', (_what, window, got) => {
    const act = () => read({ Records: [], window });

    expect(act).toThrow(InvalidEventError);
    expect(act).toThrow(`expected the window of a tumbling-window event to be { start, end } with two ISO 8601 strings, ${got}`);
  });

  it.each([
    ['an array', [1], 'but got an array of 1'],
    ['a number', 282, 'but got number'],
  ])('refuses a state that is %s', (_what, state, got) => {
    expect(() => read({ Records: [], window: WINDOW, state })).toThrow(`expected the state of a tumbling-window event to be a JSON object, ${got}`);
  });
});
