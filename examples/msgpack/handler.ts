import 'reflect-metadata';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, StreamHandler, type HandlerOptions, type RecordContext, type RecordError } from 'shardline';
import { msgpackCodec } from './msgpack.codec';
import { Reading } from './payloads';
import { ReadingsStore } from './readings-store';

/**
 * Device telemetry from a `telemetry` stream, MessagePack-encoded and partitioned by device id.
 * Readings are routed by their `type` field like JSON records would be: the handler's codec is
 * MessagePack, so that is what the discriminator is read from. Firmware uploads, on keys
 * `firmware-<device>`, are raw bytes and take the binary codec on their own route.
 */
@StreamHandler()
export class Telemetry {
  constructor(readonly store = new ReadingsStore()) {}

  @OnRecord(Reading)
  async reading(reading: Reading): Promise<void> {
    await this.store.add({ deviceId: reading.deviceId, celsius: reading.celsius, at: reading.at });
  }

  @OnPartitionKey(/^firmware-/, { codec: 'binary' })
  async firmware(image: Buffer, { record }: RecordContext): Promise<void> {
    await this.store.storeFirmware(record.partitionKey.slice('firmware-'.length), image);
  }

  @OnInvalid()
  async quarantine(error: RecordError, { record, logger }: RecordContext): Promise<void> {
    logger.warn('telemetry record quarantined', { sequenceNumber: record.sequenceNumber, partitionKey: record.partitionKey, reason: error.message });
    await this.store.quarantine(record.sequenceNumber, error);
  }
}

/** MessagePack for every route that does not name its own codec; each device in order. */
export const telemetryOptions: HandlerOptions = { codec: msgpackCodec, ordering: 'partition-key', concurrency: 16 };

export const telemetry = new Telemetry();

/** The Lambda entrypoint. */
export const handler = createHandler([telemetry], telemetryOptions);
