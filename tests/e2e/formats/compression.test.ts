import 'reflect-metadata';
import { deflateSync, gzipSync } from 'node:zlib';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, RecordDecodeError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';
import { aggregate } from '../../support/aws-kinesis-agg';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function orders(options: Parameters<typeof createHandler>[1] = {}) {
  const created: unknown[] = [];
  const invalid: RecordError[] = [];
  @StreamHandler()
  class Orders {
    @OnRecord('order.created')
    created(payload: unknown) {
      created.push(payload);
    }
    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  return { handler: createHandler([Orders], { logger: silentLogger, ...options }), created, invalid };
}

describe('compressed records, through createHandler', () => {
  it('inflates gzip data before the codec reads it', async () => {
    const { handler, created } = orders();
    const order = { type: 'order.created', orderId: 'o-1' };

    await handler(kinesisEvent([{ data: gzipSync(json(order)) }]));

    expect(created).toEqual([order]);
  });

  it('inflates zlib data before the codec reads it', async () => {
    const { handler, created } = orders();
    const order = { type: 'order.created', orderId: 'o-2' };

    await handler(kinesisEvent([{ data: deflateSync(json(order)) }]));

    expect(created).toEqual([order]);
  });

  it('inflates each compressed sub-record of a KPL aggregate', async () => {
    const { handler, created } = orders();
    const bytes = await aggregate([
      { partitionKey: 'c-1', data: gzipSync(json({ type: 'order.created', orderId: 'o-3' })) },
      { partitionKey: 'c-2', data: deflateSync(json({ type: 'order.created', orderId: 'o-4' })) },
    ]);

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'c-1' }]));

    expect(created).toEqual([
      { type: 'order.created', orderId: 'o-3' },
      { type: 'order.created', orderId: 'o-4' },
    ]);
  });

  it('accepts a record that inflates to exactly maxDecompressedBytes', async () => {
    const order = json({ type: 'order.created', orderId: 'o-5' });
    const { handler, created, invalid } = orders({ maxDecompressedBytes: order.length });

    await handler(kinesisEvent([{ data: gzipSync(order) }]));

    expect(invalid).toEqual([]);
    expect(created).toHaveLength(1);
  });

  it('makes a decompression bomb a RecordDecodeError for that record alone', async () => {
    const { handler, created, invalid } = orders({ maxDecompressedBytes: 64 * 1024 });
    // 16 MiB of spaces inside a JSON string: about 16 KiB compressed.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"type":"order.created","pad":"'), Buffer.alloc(16 * 1024 * 1024, 0x20), Buffer.from('"}')]));
    const event = kinesisEvent([
      { data: json({ type: 'order.created', orderId: 'o-6' }) },
      { data: bomb },
      { data: json({ type: 'order.created', orderId: 'o-7' }) },
    ]);

    const response = await handler(event);

    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(created).toEqual([
      { type: 'order.created', orderId: 'o-6' },
      { type: 'order.created', orderId: 'o-7' },
    ]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordDecodeError);
    expect((invalid[0] as RecordDecodeError).stage).toBe('decompress');
    expect(invalid[0].sequenceNumber).toBe(event.Records[1].kinesis.sequenceNumber);
    expect(invalid[0].message).toContain('inflates to more than the limit of 65536 bytes');
  });

  it('makes a truncated gzip stream a RecordDecodeError at the decompress stage', async () => {
    const { handler, invalid } = orders();
    const gzip = gzipSync(json({ type: 'order.created', orderId: 'o-8' }));

    await handler(kinesisEvent([{ data: gzip.subarray(0, gzip.length - 6) }]));

    expect(invalid).toHaveLength(1);
    expect((invalid[0] as RecordDecodeError).stage).toBe('decompress');
  });

  it('hands the compressed bytes to the codec unchanged when decompress is false', async () => {
    const received: Buffer[] = [];
    @StreamHandler()
    class Raw {
      @OnPartitionKey(() => true, { codec: 'binary' })
      raw(bytes: Buffer) {
        received.push(bytes);
      }
    }
    const gzip = gzipSync(json({ type: 'order.created' }));
    const handler = createHandler([Raw], { logger: silentLogger, decompress: false });

    await handler(kinesisEvent([{ data: gzip }]));

    expect(received).toEqual([gzip]);
  });
});
