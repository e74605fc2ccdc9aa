import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { EventSourceMappingConfigError } from '../../../src/local/errors';
import { resolveMappingSettings, validateMappingOptions } from '../../../src/local/mapping-options';

describe('validateMappingOptions', () => {
  it('accepts Lambda defaults and limits', () => {
    expect(() =>
      validateMappingOptions({ batchSize: 10_000, batchingWindowSeconds: 300, timeoutSeconds: 900, maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1 }),
    ).not.toThrow();
  });

  it.each([
    [{ tumblingWindowInSeconds: 0, parallelizationFactor: 10 }],
    [{ tumblingWindowInSeconds: 900, parallelizationFactor: 1 }],
    [{ tumblingWindowInSeconds: 1 }],
  ])('accepts the window and parallelization limits %j', (options) => {
    expect(() => validateMappingOptions(options)).not.toThrow();
  });

  it.each([
    [{ batchSize: 0 }, /batch size/],
    [{ batchSize: 10_001 }, /batch size/],
    [{ batchSize: 1.5 }, /batch size/],
    [{ batchingWindowSeconds: 301 }, /batching window/],
    [{ timeoutSeconds: 0 }, /timeout/],
    [{ maximumRetryAttempts: -2 }, /retry attempts/],
    [{ maximumRecordAgeSeconds: 0 }, /record age/],
    [{ startingPosition: 'EARLIEST' as never }, /starting position/],
    [{ startingPosition: 'AT_TIMESTAMP' as const }, /timestamp/],
    [{ tumblingWindowInSeconds: 901 }, /tumbling window must be a whole number of seconds from 0 \(none\) to 900, got 901/],
    [{ tumblingWindowInSeconds: 1.5 }, /tumbling window/],
    [{ tumblingWindowInSeconds: -1 }, /tumbling window/],
    [{ parallelizationFactor: 0 }, /parallelization factor must be an integer from 1 to 10, got 0/],
    [{ parallelizationFactor: 11 }, /parallelization factor/],
    [{ parallelizationFactor: 2.5 }, /parallelization factor/],
    [{ tumblingWindowInSeconds: 30, parallelizationFactor: 2 }, /a tumbling window needs a parallelization factor of 1, got 2/],
  ])('rejects %j', (options, message) => {
    expect(() => validateMappingOptions(options)).toThrow(EventSourceMappingConfigError);
    expect(() => validateMappingOptions(options)).toThrow(message);
  });
});

describe('resolveMappingSettings', () => {
  const required = { client: {} as KinesisClient, streamName: 'orders', handler: () => undefined };

  it("applies Lambda's defaults", () => {
    expect(resolveMappingSettings(required)).toMatchObject({
      batchSize: 100,
      windowMs: 0,
      timeoutMs: 3_000,
      reportBatchItemFailures: true,
      maxRetries: -1,
      bisectOnFunctionError: false,
      functionName: 'shardline-local',
    });
  });

  it('never discards by age by default', () => {
    expect(resolveMappingSettings(required).maxAgeMs).toBeLessThan(0);
  });

  it('turns seconds into milliseconds', () => {
    // Act
    const settings = resolveMappingSettings({ ...required, batchingWindowSeconds: 2, timeoutSeconds: 30, maximumRecordAgeSeconds: 60 });

    // Assert
    expect(settings).toMatchObject({ windowMs: 2_000, timeoutMs: 30_000, maxAgeMs: 60_000 });
  });

  it('has no tumbling window and one lane a shard by default', () => {
    expect(resolveMappingSettings(required)).toMatchObject({ tumblingWindowMs: 0, parallelizationFactor: 1 });
  });

  it('turns the tumbling window into milliseconds and keeps the parallelization factor', () => {
    expect(resolveMappingSettings({ ...required, tumblingWindowInSeconds: 30, parallelizationFactor: 1 })).toMatchObject({
      tumblingWindowMs: 30_000,
      parallelizationFactor: 1,
    });
    expect(resolveMappingSettings({ ...required, parallelizationFactor: 10 }).parallelizationFactor).toBe(10);
  });

  it('keeps ReportBatchItemFailures off when it is turned off', () => {
    expect(resolveMappingSettings({ ...required, reportBatchItemFailures: false }).reportBatchItemFailures).toBe(false);
  });
});
