import { DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MARGIN_MS, DEFAULT_MAX_DECOMPRESSED_BYTES, jsonCodec } from 'shardline';
import { resolveOptions } from '../../src/options';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const options = resolveOptions({});
    expect({
      ordering: options.ordering,
      concurrency: options.concurrency,
      onFailure: options.onFailure,
      unmatched: options.unmatched,
      invalid: options.invalid,
      discriminator: options.discriminator,
      codec: options.codec,
      deaggregate: options.deaggregate,
      decompress: options.decompress,
      maxDecompressedBytes: options.maxDecompressedBytes,
      deadlineMarginMs: options.deadlineMarginMs,
      throwOnFullBatchFailure: options.throwOnFullBatchFailure,
    }).toEqual({
      ordering: 'shard',
      concurrency: DEFAULT_CONCURRENCY,
      onFailure: 'stop',
      unmatched: 'skip',
      invalid: 'fail',
      discriminator: 'type',
      codec: jsonCodec,
      deaggregate: true,
      decompress: true,
      maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
      deadlineMarginMs: DEFAULT_DEADLINE_MARGIN_MS,
      throwOnFullBatchFailure: false,
    });
  });

  it('keeps payload values out of validation errors unless told otherwise', () => {
    expect(resolveOptions({}).validator.validationError).toEqual({ target: false, value: false });
    expect(resolveOptions({ validator: { validationError: { target: false, value: true } } }).validator.validationError).toEqual({
      target: false,
      value: true,
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(resolveOptions({}))).toBe(true);
  });
});
