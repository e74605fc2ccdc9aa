import { kinesisEvent } from 'shardline/testing';

describe('kinesisEvent with a window', () => {
  it('builds a tumbling-window event as Lambda sends it', () => {
    const event = kinesisEvent([{ data: 'a' }], {
      window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
      state: { '1': 282 },
      shardId: 'shardId-000000000006',
      streamName: 'lambda-stream',
    });

    expect(event).toMatchObject({
      window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
      state: { '1': 282 },
      shardId: 'shardId-000000000006',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    expect(event.Records[0].eventID.startsWith('shardId-000000000006:')).toBe(true);
  });

  it('writes Dates as Lambda writes times, without milliseconds when there are none', () => {
    const event = kinesisEvent([], { window: { start: new Date(Date.UTC(2026, 10, 28, 10, 0)), end: new Date(Date.UTC(2026, 10, 28, 10, 5, 0, 250)) } });

    expect(event.window).toEqual({ start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00.250Z' });
  });

  it('opens the window with an empty state, and sets the flags it is given', () => {
    const event = kinesisEvent([], { window: { start: 'a', end: 'b' }, final: true, terminatedEarly: true });

    expect(event).toMatchObject({ state: {}, isFinalInvokeForWindow: true, isWindowTerminatedEarly: true });
  });

  it('builds no window fields without a window', () => {
    expect(Object.keys(kinesisEvent([{ data: 'a' }]))).toEqual(['Records']);
  });

  it('refuses window fields without a window, rather than build an event Lambda would not send', () => {
    expect(() => kinesisEvent([], { state: { n: 1 } })).toThrow(
      'kinesisEvent: state, final and terminatedEarly belong to a tumbling-window event; give window: { start, end } too',
    );
  });
});
