import { settingsOf } from '../../../src/deployment/handler-settings';
import { resolveOptions } from '../../../src/options';

describe('settingsOf', () => {
  it('lists every setting a deployment checks, as plain data, in a fixed order', () => {
    const settings = settingsOf(resolveOptions({ ordering: 'partition-key', codec: 'text', discriminator: function byKind() {} }));

    expect(Object.entries(settings)).toEqual([
      ['ordering', 'partition-key'],
      ['concurrency', 16],
      ['onFailure', 'stop'],
      ['unmatched', 'skip'],
      ['invalid', 'fail'],
      ['discriminator', 'function byKind'],
      ['codec', 'text'],
      ['deaggregate', true],
      ['decompress', true],
      ['maxDecompressedBytes', 10 * 1024 * 1024],
      ['deadlineMarginMs', 2_000],
      ['throwOnFullBatchFailure', false],
    ]);
    expect(Object.isFrozen(settings)).toBe(true);
  });
});
