import { describeDiscriminator } from '../routing/discriminator.js';
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
  const settings = Object.fromEntries(SETTINGS.map((key) => [key, options[key]]));
  // The two that are not plain data keep their places in the key order, with these values.
  return Object.freeze({ ...settings, discriminator: describeDiscriminator(options.discriminator), codec: options.codec.name }) as HandlerSettings;
}

/** The keys of `HandlerSettings`, in the order `handler.options` lists them. */
const SETTINGS: ReadonlyArray<keyof HandlerSettings> = [
  'ordering',
  'concurrency',
  'onFailure',
  'unmatched',
  'invalid',
  'discriminator',
  'codec',
  'deaggregate',
  'decompress',
  'maxDecompressedBytes',
  'deadlineMarginMs',
  'throwOnFullBatchFailure',
];
