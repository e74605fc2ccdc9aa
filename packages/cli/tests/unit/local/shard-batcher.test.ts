import { batchLength } from '../../../src/local/shard-batcher';
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
