import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MARGIN_MS, DEFAULT_MAX_DECOMPRESSED_BYTES, InvalidOptionError, jsonCodec, type HandlerOptions } from 'shardline';
import { cloudWatchMetrics, xrayTracing } from 'shardline/observability';
import { resolveOptions } from '../../src/options';

const USE_METRICS =
  "import { cloudWatchMetrics } from 'shardline/observability' and pass metrics: cloudWatchMetrics({ namespace, dimensions }), or cloudWatchMetrics(metrics) with a Powertools Metrics instance";
const USE_TRACING =
  "import { xrayTracing } from 'shardline/observability' and pass tracing: xrayTracing(tracer) with a Powertools Tracer (or an object of its shape)";

/** The message resolveOptions throws with, or what it returned. */
function refusal(options: unknown): string {
  try {
    resolveOptions(options as HandlerOptions);
  } catch (error) {
    if (error instanceof InvalidOptionError) return error.message;
    throw error;
  }
  return 'accepted';
}

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

describe('the metrics and tracing options', () => {
  it('take the plug-ins of shardline/observability, metrics before tracing', () => {
    const metrics = cloudWatchMetrics({ namespace: 'Checkout', write: () => undefined });
    const tracing = xrayTracing(new Tracer({ serviceName: 'checkout' }));

    expect(resolveOptions({ tracing, metrics }).plugins).toEqual([metrics, tracing]);
  });

  it('add no plug-in when neither is set', () => {
    expect(resolveOptions({}).plugins).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['{ namespace }', { namespace: 'Checkout' }],
    ['a Powertools Metrics instance', new Metrics({ namespace: 'Checkout' })],
    ['a string', 'Checkout'],
  ])('refuse metrics given as %s, saying what to import and call instead', (_what, metrics) => {
    expect(refusal({ metrics })).toBe(`option metrics takes cloudWatchMetrics(...): ${USE_METRICS}`);
  });

  it('refuse the tracer option, saying it is now tracing and what to import and call', () => {
    expect(refusal({ tracer: new Tracer({ serviceName: 'checkout' }) })).toBe(`option tracer is now tracing: ${USE_TRACING}`);
  });

  it('refuse a Powertools Tracer given as tracing, saying what to import and call', () => {
    expect(refusal({ tracing: new Tracer({ serviceName: 'checkout' }) })).toBe(`option tracing takes xrayTracing(...): ${USE_TRACING}`);
  });

  it('refuse a plug-in given to the other option', () => {
    const metrics = cloudWatchMetrics({ namespace: 'Checkout' });
    const tracing = xrayTracing(new Tracer({ serviceName: 'checkout' }));

    expect([refusal({ metrics: tracing }), refusal({ tracing: metrics })]).toEqual([
      `option metrics takes cloudWatchMetrics(...), not xrayTracing(...): ${USE_METRICS}`,
      `option tracing takes xrayTracing(...), not cloudWatchMetrics(...): ${USE_TRACING}`,
    ]);
  });
});
