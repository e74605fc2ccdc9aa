import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import {
  createHandler,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  PayloadType,
  RecordDecodeError,
  RecordValidationError,
  StreamHandler,
  type RecordContext,
  type RecordError,
  type StreamRecord,
} from 'shardline';
import { kinesisEvent, kinesisRecord } from 'shardline/testing';
import { wrapKplAggregate } from '../../../src/testing/kpl-aggregate';
import { silentLogger } from '../../support/capture-logger';
import { aggregate } from '../../support/aws-kinesis-agg';

const json = (value: unknown) => JSON.stringify(value);

/** Routes every record by partition key and keeps what each route saw. */
function keyRecorder(options: Parameters<typeof createHandler>[1] = {}) {
  const seen: Array<{ partitionKey: string; payload: unknown; record: StreamRecord }> = [];
  const invalid: RecordError[] = [];
  @StreamHandler()
  class Recorder {
    @OnPartitionKey(() => true)
    any(payload: unknown, { record }: RecordContext) {
      seen.push({ partitionKey: record.partitionKey, payload, record });
    }

    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  return { handler: createHandler([Recorder], { logger: silentLogger, ...options }), seen, invalid };
}

describe('KPL aggregates from aws-kinesis-agg, through createHandler', () => {
  it('hands each of 1,000 sub-records to the route, in order, with its own key and sub-sequence number', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ partitionKey: `customer-${i % 37}`, data: json({ n: i }) }));
    const bytes = await aggregate(users);
    const { handler, seen } = keyRecorder();
    const event = kinesisEvent([{ data: bytes, partitionKey: 'customer-0' }]);

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen.map((s) => s.payload)).toEqual(users.map((_, i) => ({ n: i })));
    expect(seen.map((s) => s.partitionKey)).toEqual(users.map((u) => u.partitionKey));
    expect(seen.map((s) => s.record.subSequenceNumber)).toEqual(users.map((_, i) => i));
    expect(new Set(seen.map((s) => s.record.sequenceNumber))).toEqual(new Set([event.Records[0].kinesis.sequenceNumber]));
  });

  it('routes each sub-record by its own partition key, including non-ASCII keys', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Regions {
      @OnPartitionKey('ключ-ü-🚀')
      cyrillic(payload: { n: number }) {
        calls.push(`cyrillic ${payload.n}`);
      }
      @OnPartitionKey('注文-七')
      cjk(payload: { n: number }) {
        calls.push(`cjk ${payload.n}`);
      }
    }
    const bytes = await aggregate([
      { partitionKey: 'ключ-ü-🚀', data: json({ n: 1 }) },
      { partitionKey: '注文-七', data: json({ n: 2 }) },
      { partitionKey: 'ключ-ü-🚀', data: json({ n: 3 }) },
    ]);
    const handler = createHandler([Regions], { logger: silentLogger });

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'ключ-ü-🚀' }]));

    expect(calls).toEqual(['cyrillic 1', 'cjk 2', 'cyrillic 3']);
  });

  it('routes sub-records by payload type and validates each against its class', async () => {
    @PayloadType('reading')
    class Reading {
      @IsString() sensor!: string;
      @IsInt() value!: number;
    }
    const readings: Reading[] = [];
    const invalid: RecordError[] = [];
    @StreamHandler()
    class Sensors {
      @OnRecord(Reading)
      reading(reading: Reading) {
        readings.push(reading);
      }
      @OnInvalid()
      quarantine(error: RecordError) {
        invalid.push(error);
      }
    }
    const bytes = await aggregate([
      { partitionKey: 'sensor-a', data: json({ type: 'reading', sensor: 'a', value: 1 }) },
      { partitionKey: 'sensor-b', data: json({ type: 'reading', sensor: 'b', value: 'high' }) },
      { partitionKey: 'sensor-a', data: json({ type: 'reading', sensor: 'a', value: 2 }) },
    ]);
    const handler = createHandler([Sensors], { logger: silentLogger });

    const response = await handler(kinesisEvent([{ data: bytes, partitionKey: 'sensor-a' }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(readings.map((r) => [r.sensor, r.value])).toEqual([
      ['a', 1],
      ['a', 2],
    ]);
    expect(readings[0]).toBeInstanceOf(Reading);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect([invalid[0].subSequenceNumber, invalid[0].partitionKey]).toEqual([1, 'sensor-b']);
  });

  it('gives a sub-record with empty data an empty buffer', async () => {
    const received: Buffer[] = [];
    @StreamHandler()
    class Blobs {
      @OnPartitionKey('blob', { codec: 'binary' })
      blob(bytes: Buffer) {
        received.push(bytes);
      }
    }
    const bytes = await aggregate([
      { partitionKey: 'blob', data: Buffer.alloc(0) },
      { partitionKey: 'blob', data: Buffer.from([1, 2, 3]) },
    ]);
    const handler = createHandler([Blobs], { logger: silentLogger });

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'blob' }]));

    expect(received).toEqual([Buffer.alloc(0), Buffer.from([1, 2, 3])]);
  });

  it('sets explicitHashKey only on the sub-records that were put with one', async () => {
    const { handler, seen } = keyRecorder();
    const bytes = await aggregate([
      { partitionKey: 'a', data: json(1) },
      { partitionKey: 'b', data: json(2), explicitHashKey: '340282366920938463463374607431768211455' },
      { partitionKey: 'c', data: json(3) },
    ]);

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'a' }]));

    expect(seen.map((s) => s.record.explicitHashKey)).toEqual([undefined, '340282366920938463463374607431768211455', undefined]);
  });

  it('reports a failed sub-record by its parent sequence number and, with onFailure stop, starts no later sub-record', async () => {
    const started: number[] = [];
    @StreamHandler()
    class Fragile {
      @OnPartitionKey(() => true)
      handle(payload: { n: number }) {
        started.push(payload.n);
        if (payload.n === 2) throw new Error('downstream refused');
      }
    }
    const bytes = await aggregate([0, 1, 2, 3, 4].map((n) => ({ partitionKey: `k-${n}`, data: json({ n }) })));
    const event = kinesisEvent([{ data: json({ n: -1 }) }, { data: bytes, partitionKey: 'k-0' }, { data: json({ n: 9 }) }]);
    const handler = createHandler([Fragile], { logger: silentLogger, onFailure: 'stop' });

    const report = await handler.processBatch(event);

    expect(started).toEqual([-1, 0, 1, 2]);
    expect(report.response.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[1].kinesis.sequenceNumber },
      { itemIdentifier: event.Records[2].kinesis.sequenceNumber },
    ]);
    expect(report.records.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'failed', 'not-started', 'not-started', 'not-started']);
  });

  it('lists the parent sequence number once when several of its sub-records fail under onFailure continue', async () => {
    @StreamHandler()
    class Odd {
      @OnPartitionKey(() => true)
      handle(payload: { n: number }) {
        if (payload.n % 2 === 1) throw new Error('odd');
      }
    }
    const bytes = await aggregate([0, 1, 2, 3].map((n) => ({ partitionKey: `k-${n}`, data: json({ n }) })));
    const event = kinesisEvent([{ data: bytes, partitionKey: 'k-0' }, { data: json({ n: 4 }) }]);
    const handler = createHandler([Odd], { logger: silentLogger, onFailure: 'continue' });

    const response = await handler(event);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }]);
  });

  it('keeps the order of each partition key across sub-records under ordering partition-key', async () => {
    const order = new Map<string, number[]>();
    @StreamHandler()
    class Slow {
      @OnPartitionKey(() => true)
      async handle(payload: { n: number }, { record }: RecordContext) {
        await new Promise((resolve) => setTimeout(resolve, 12 - (payload.n % 12)));
        order.set(record.partitionKey, [...(order.get(record.partitionKey) ?? []), payload.n]);
      }
    }
    // Three keys and eight records in flight: run without per-key order, later records of a key
    // (with shorter delays) would overtake earlier ones.
    const users = Array.from({ length: 60 }, (_, n) => ({ partitionKey: `key-${n % 3}`, data: json({ n }) }));
    const bytes = await aggregate(users);
    const handler = createHandler([Slow], { logger: silentLogger, ordering: 'partition-key', concurrency: 8 });

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'key-0' }]));

    for (let key = 0; key < 3; key++) {
      expect(order.get(`key-${key}`)).toEqual(users.map((_, n) => n).filter((n) => n % 3 === key));
    }
  });

  it('passes the aggregate bytes through untouched when deaggregate is false', async () => {
    const received: Buffer[] = [];
    @StreamHandler()
    class Raw {
      @OnPartitionKey(() => true, { codec: 'binary' })
      raw(bytes: Buffer) {
        received.push(bytes);
      }
    }
    const bytes = await aggregate([
      { partitionKey: 'a', data: json(1) },
      { partitionKey: 'b', data: json(2) },
    ]);
    const handler = createHandler([Raw], { logger: silentLogger, deaggregate: false });

    await handler(kinesisEvent([{ data: bytes, partitionKey: 'a' }]));

    expect(received).toEqual([bytes]);
  });
});

describe('corrupt KPL aggregates, through createHandler', () => {
  /** The protobuf message inside an aggregate: between the magic bytes and the MD5 digest. */
  const protobufOf = (bytes: Buffer) => bytes.subarray(4, bytes.length - 16);

  async function badDigest(): Promise<Buffer> {
    const bytes = Buffer.from(await aggregate([{ partitionKey: 'k', data: json({ n: 1 }) }]));
    bytes[bytes.length - 1] ^= 0xff;
    return bytes;
  }

  async function truncatedProtobuf(): Promise<Buffer> {
    const bytes = await aggregate([
      { partitionKey: 'k', data: json({ n: 1 }) },
      { partitionKey: 'k', data: json({ n: 2 }) },
    ]);
    const protobuf = protobufOf(bytes);
    // The digest is recomputed, so only the protobuf structure can give the truncation away.
    return wrapKplAggregate(protobuf.subarray(0, protobuf.length - 3));
  }

  function indexOutOfRange(): Buffer {
    // partition_key_table: ['k']; one record with partition_key_index 3 and data 'x'.
    return wrapKplAggregate(Uint8Array.of(0x0a, 0x01, 0x6b, 0x1a, 0x05, 0x08, 0x03, 0x1a, 0x01, 0x78));
  }

  it.each([
    ['a bad MD5 digest', badDigest, /MD5 digest of bytes 4 to \d+ does not match/],
    ['a truncated protobuf message', truncatedProtobuf, /length-delimited field declares \d+ bytes but only \d+ remain/],
    ['a partition key index out of range', () => Promise.resolve(indexOutOfRange()), /partition key index 3/],
  ])('makes %s a RecordDecodeError for that record alone', async (_name, corrupt, reason) => {
    const { handler, seen, invalid } = keyRecorder();
    const event = kinesisEvent([
      { data: json({ n: 'before' }), partitionKey: 'before' },
      { data: await corrupt(), partitionKey: 'k' },
      { data: json({ n: 'after' }), partitionKey: 'after' },
    ]);

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen.map((s) => s.payload)).toEqual([{ n: 'before' }, { n: 'after' }]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordDecodeError);
    expect((invalid[0] as RecordDecodeError).stage).toBe('deaggregate');
    expect(invalid[0].sequenceNumber).toBe(event.Records[1].kinesis.sequenceNumber);
    expect(invalid[0].message).toMatch(reason);
  });

  it('fails the corrupt record, and only it, when there is no @OnInvalid route', async () => {
    const seen: unknown[] = [];
    @StreamHandler()
    class NoQuarantine {
      @OnPartitionKey(() => true)
      any(payload: unknown) {
        seen.push(payload);
      }
    }
    const handler = createHandler([NoQuarantine], { logger: silentLogger, onFailure: 'continue' });
    const event = kinesisEvent([kinesisRecord({ data: indexOutOfRange(), partitionKey: 'k' }), { data: json('fine') }]);

    const response = await handler(event);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }]);
    expect(seen).toEqual(['fine']);
  });
});
