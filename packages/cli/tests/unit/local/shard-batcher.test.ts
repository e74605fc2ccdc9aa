import { batchLength, isBatchReady, nextBatchLength } from '../../../src/local/shard-batcher';
import type { ShardRecord } from '../../../src/local/lambda-event';

const MB = 1024 * 1024;

function records(count: number, bytes: number): ShardRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    partitionKey: `key-${i}`,
    sequenceNumber: String(i + 1),
    data: new Uint8Array(bytes),
    approximateArrivalTimestamp: new Date(0),
  }));
}

describe('batchLength', () => {
  it('takes at most the batch size', () => {
    expect(batchLength(records(250, 100), 100)).toBe(100);
  });

  it('takes every buffered record when fewer than the batch size are there', () => {
    expect(batchLength(records(7, 100), 100)).toBe(7);
  });

  it('stops before the base64 payload would pass 6 MB', () => {
    // Prepare: 1 MB of data is about 1.33 MB in base64, so four fit and the fifth would not.
    const buffer = records(10, MB);

    // Act
    const length = batchLength(buffer, 100);

    // Assert
    expect(length).toBe(4);
  });

  it('still makes a batch of one out of a record too large for the payload', () => {
    expect(batchLength(records(2, 5 * MB), 100)).toBe(1);
  });

  it('makes no batch of an empty buffer', () => {
    expect(batchLength([], 100)).toBe(0);
  });
});

function arrivedAt(...isoTimes: string[]): ShardRecord[] {
  return isoTimes.map((iso, i) => ({ partitionKey: 'k', sequenceNumber: String(i + 1), data: new Uint8Array(10), approximateArrivalTimestamp: new Date(iso) }));
}

describe('nextBatchLength', () => {
  it('never lets a batch cross a tumbling window boundary', () => {
    const buffer = arrivedAt('2024-01-01T00:00:28Z', '2024-01-01T00:00:29Z', '2024-01-01T00:00:30Z');

    expect(nextBatchLength(buffer, 100, 30_000)).toBe(2);
  });

  it('cuts by the batch size within a window', () => {
    expect(nextBatchLength(records(250, 100), 100, 30_000)).toBe(100);
  });

  it('ignores arrival times without a tumbling window', () => {
    const buffer = arrivedAt('2024-01-01T00:00:28Z', '2024-01-01T00:00:30Z');

    expect(nextBatchLength(buffer, 100, 0)).toBe(2);
  });
});

describe('isBatchReady', () => {
  const settings = { batchSize: 10, windowMs: 5_000, tumblingWindowMs: 0 };
  const lane = (buffer: ShardRecord[], overrides: Partial<{ bufferedSince: number; shardEnded: boolean; now: number }> = {}) => ({
    buffer,
    bufferedSince: 1_000,
    shardEnded: false,
    now: 2_000,
    ...overrides,
  });

  it('waits for more records within the batching window', () => {
    expect(isBatchReady(lane(records(3, 10)), settings)).toBe(false);
  });

  it('is ready once the batching window is over', () => {
    expect(isBatchReady(lane(records(3, 10), { now: 6_000 }), settings)).toBe(true);
  });

  it('is ready at once without a batching window', () => {
    expect(isBatchReady(lane(records(1, 10)), { ...settings, windowMs: 0 })).toBe(true);
  });

  it('is ready when the batch size is reached', () => {
    expect(isBatchReady(lane(records(10, 10)), settings)).toBe(true);
  });

  it('is ready when the payload limit is reached', () => {
    expect(isBatchReady(lane(records(5, MB)), settings)).toBe(true);
  });

  it('is ready when a record of the next tumbling window is waiting behind it', () => {
    const buffer = arrivedAt('2024-01-01T00:00:29Z', '2024-01-01T00:00:30Z');

    expect(isBatchReady(lane(buffer), { ...settings, tumblingWindowMs: 30_000 })).toBe(true);
  });

  it('is ready when the shard has ended and nothing more will come', () => {
    expect(isBatchReady(lane(records(1, 10), { shardEnded: true }), settings)).toBe(true);
  });

  it('is never ready without records', () => {
    expect(isBatchReady(lane([], { shardEnded: true, now: 60_000 }), settings)).toBe(false);
  });
});
