import type { OnFailure, Ordering, RecordPolicy, ResolvedOptions } from '../options.js';

/**
 * The options a handler runs with, after defaults, as plain data: what a deployment has to agree
 * with. `@shardline/cdk` and `shardline template` read it from `handler.options`. Functions and
 * option objects (logger, instantiate, transformer, validator) are left out; a codec is named, a
 * discriminator function shows as `function <name>`.
 *
 * @example
 * const { deadlineMarginMs, throwOnFullBatchFailure } = createHandler([Orders]).options;
 */
export interface HandlerSettings {
  readonly ordering: Ordering;
  readonly concurrency: number;
  readonly onFailure: OnFailure;
  readonly unmatched: RecordPolicy;
  readonly invalid: RecordPolicy;
  readonly discriminator: string;
  readonly codec: string;
  readonly deaggregate: boolean;
  readonly decompress: boolean;
  readonly maxDecompressedBytes: number;
  readonly deadlineMarginMs: number;
  readonly throwOnFullBatchFailure: boolean;
}

/**
 * The plain-data view of resolved options, made once in `createHandler`.
 *
 * @example
 * settingsOf(resolveOptions({ ordering: 'partition-key' })).ordering; // 'partition-key'
 */
export function settingsOf(options: ResolvedOptions): HandlerSettings {
  const { discriminator } = options;
  return Object.freeze({
    ordering: options.ordering,
    concurrency: options.concurrency,
    onFailure: options.onFailure,
    unmatched: options.unmatched,
    invalid: options.invalid,
    discriminator: typeof discriminator === 'string' ? discriminator : `function ${discriminator.name || '(anonymous)'}`,
    codec: options.codec.name,
    deaggregate: options.deaggregate,
    decompress: options.decompress,
    maxDecompressedBytes: options.maxDecompressedBytes,
    deadlineMarginMs: options.deadlineMarginMs,
    throwOnFullBatchFailure: options.throwOnFullBatchFailure,
  });
}
