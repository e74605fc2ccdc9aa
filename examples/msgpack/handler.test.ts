import 'reflect-metadata';
import { Packr } from 'msgpackr';
import { createHandler, RecordDecodeError, RecordValidationError } from 'shardline';
import { aggregateRecords, kinesisEvent, lambdaContext } from 'shardline/testing';
import { Telemetry, telemetryOptions } from './handler';
import { ReadingsStore } from './readings-store';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const packr = new Packr({ useRecords: false });

function telemetryHandler() {
  const store = new ReadingsStore();
  return { store, handler: createHandler([new Telemetry(store)], { ...telemetryOptions, logger: silent }) };
}

const reading = (deviceId: string, celsius: number, at = 1_764_000_000_000) => ({
  data: packr.pack({ type: 'reading', deviceId, celsius, at }),
  partitionKey: deviceId,
});

describe('the MessagePack telemetry example', () => {
  it('routes MessagePack readings by their type and stores them validated', async () => {
    const { store, handler } = telemetryHandler();

    const response = await handler(kinesisEvent([reading('d-1', 21.5), reading('d-2', -4)]), lambdaContext({ remainingTimeMs: 30_000 }));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(store.readings).toEqual([
      { deviceId: 'd-1', celsius: 21.5, at: 1_764_000_000_000 },
      { deviceId: 'd-2', celsius: -4, at: 1_764_000_000_000 },
    ]);
  });

  it('decodes every sub-record of a KPL aggregate of MessagePack records, each device in order', async () => {
    const { store, handler } = telemetryHandler();
    const aggregate = aggregateRecords([reading('d-1', 20, 1), reading('d-3', 5, 2), reading('d-1', 21, 3)]);

    await handler(kinesisEvent([{ data: aggregate, partitionKey: 'd-1' }]));

    expect(store.readings.filter((r) => r.deviceId === 'd-1').map((r) => r.at)).toEqual([1, 3]);
    expect(store.readings.filter((r) => r.deviceId === 'd-3').map((r) => r.at)).toEqual([2]);
  });

  it('hands firmware uploads over as raw bytes through the binary route', async () => {
    const { store, handler } = telemetryHandler();
    const image = Buffer.alloc(4096, 0xc1);

    await handler(kinesisEvent([{ data: image, partitionKey: 'firmware-d-9' }]));

    expect(store.firmware).toEqual([{ deviceId: 'd-9', bytes: 4096 }]);
  });

  it('quarantines a record that is not MessagePack, as a decode error at the codec stage, and stores the others', async () => {
    const { store, handler } = telemetryHandler();
    const event = kinesisEvent([reading('d-1', 20), { data: Uint8Array.of(0x83, 0xa4, 0x74), partitionKey: 'd-2' }, reading('d-3', 22)]);

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(store.readings.map((r) => r.deviceId).sort()).toEqual(['d-1', 'd-3']);
    expect(store.quarantined.map((q) => q.sequenceNumber)).toEqual([event.Records[1].kinesis.sequenceNumber]);
    expect(store.quarantined[0].error).toBeInstanceOf(RecordDecodeError);
    expect((store.quarantined[0].error as RecordDecodeError).stage).toBe('codec');
  });

  it('quarantines JSON sent to the MessagePack stream by mistake', async () => {
    const { store, handler } = telemetryHandler();

    await handler(kinesisEvent([{ data: { type: 'reading', deviceId: 'd-1', celsius: 20, at: 1 }, partitionKey: 'd-1' }]));

    expect(store.readings).toEqual([]);
    expect(store.quarantined[0].error.message).toContain('the msgpack codec threw Error');
  });

  it('quarantines a reading that fails validation, saying which field', async () => {
    const { store, handler } = telemetryHandler();

    await handler(kinesisEvent([reading('d-1', 400)]));

    expect(store.quarantined[0].error).toBeInstanceOf(RecordValidationError);
    expect(store.quarantined[0].error.message).toContain('celsius: celsius must not be greater than 150');
  });

  it('says in its route table that routes decode MessagePack unless they name another codec', () => {
    const { handler } = telemetryHandler();

    const codecs = handler.routes.map((r) => `${r.method}: ${r.codec}`);

    expect(codecs).toEqual(['reading: msgpack', 'firmware: binary', 'quarantine: msgpack']);
  });
});
