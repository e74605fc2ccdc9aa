import type { RecordError } from 'shardline';

/**
 * Stands in for a time-series database: what the handler wrote, in order, so the example's test
 * can check it.
 */
export class ReadingsStore {
  readonly readings: Array<{ deviceId: string; celsius: number; at: number }> = [];
  readonly firmware: Array<{ deviceId: string; bytes: number }> = [];
  readonly quarantined: Array<{ sequenceNumber: string; error: RecordError }> = [];

  async add(reading: { deviceId: string; celsius: number; at: number }): Promise<void> {
    await Promise.resolve();
    this.readings.push(reading);
  }

  async storeFirmware(deviceId: string, image: Buffer): Promise<void> {
    await Promise.resolve();
    this.firmware.push({ deviceId, bytes: image.length });
  }

  async quarantine(sequenceNumber: string, error: RecordError): Promise<void> {
    await Promise.resolve();
    this.quarantined.push({ sequenceNumber, error });
  }
}
