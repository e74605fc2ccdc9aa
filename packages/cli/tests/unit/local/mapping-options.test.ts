import { EventSourceMappingConfigError, validateMappingOptions } from '../../../src/local/event-source-mapping';

describe('validateMappingOptions', () => {
  it('accepts Lambda defaults and limits', () => {
    expect(() =>
      validateMappingOptions({ batchSize: 10_000, batchingWindowSeconds: 300, timeoutSeconds: 900, maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1 }),
    ).not.toThrow();
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
  ])('rejects %j', (options, message) => {
    expect(() => validateMappingOptions(options)).toThrow(EventSourceMappingConfigError);
    expect(() => validateMappingOptions(options)).toThrow(message);
  });
});
