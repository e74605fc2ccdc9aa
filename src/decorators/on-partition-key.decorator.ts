import { DefinitionError, kindOf } from '../errors.js';
import type { Constructor, PartitionKeyMatcher } from '../metadata/definitions.js';
import type { CodecOption } from '../records/codecs/codec.js';
import { checkClass, checkOptions, isClass } from './decorator-arguments.js';
import { routeDecorator } from './route-decorator.js';

/**
 * Options of `@OnPartitionKey` beyond the matcher.
 *
 * @example
 * \@OnPartitionKey('syslog', { codec: 'text' })
 * line(text: string) {}
 */
export interface OnPartitionKeyOptions {
  payload?: Constructor;
  codec?: CodecOption;
}

/** Refuses a partition key matcher that is not a string, a RegExp or a function. */
export function checkMatcher(where: string, matcher: unknown): asserts matcher is PartitionKeyMatcher {
  if (typeof matcher === 'string' || matcher instanceof RegExp || typeof matcher === 'function') return;
  throw new DefinitionError(`${where}: a partition key matcher is a string, a RegExp or a predicate function, not ${kindOf(matcher)}`);
}

/**
 * Routes records by partition key: the exact key, a pattern, or a predicate. Give a payload class to
 * receive a validated instance (it needs no `@PayloadType`).
 *
 * @example
 * \@OnPartitionKey(/^audit-/)
 * audit(payload: unknown) {}
 *
 * \@OnPartitionKey((key) => key.endsWith('-eu'), Reading)
 * eu(reading: Reading) {}
 */
export function OnPartitionKey(matcher: PartitionKeyMatcher, payloadOrOptions?: Constructor | OnPartitionKeyOptions): MethodDecorator {
  const where = '@OnPartitionKey';
  checkMatcher(where, matcher);
  const options: OnPartitionKeyOptions = isClass(payloadOrOptions) ? { payload: payloadOrOptions } : payloadOrOptions === undefined ? {} : payloadOrOptions;
  checkOptions(where, options, ['payload', 'codec'], 'a payload class or { payload, codec } after the matcher');
  checkClass(where, 'payload', options.payload);
  return routeDecorator('OnPartitionKey', { kind: 'partition-key', partitionKey: matcher, payload: options.payload, codec: options.codec });
}
