import { DefinitionError } from '../errors.js';
import type { Constructor, PartitionKeyMatcher } from '../metadata/definitions.js';
import type { CodecOption } from '../records/codecs/codec.js';
import { isClass, routeDecorator } from './route-decorator.js';

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

export function checkMatcher(decorator: string, matcher: unknown): asserts matcher is PartitionKeyMatcher {
  if (typeof matcher === 'string' || matcher instanceof RegExp || typeof matcher === 'function') return;
  throw new DefinitionError(`@${decorator}: a partition key matcher is a string, a RegExp or a predicate function, but got ${typeof matcher}`);
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
  checkMatcher('OnPartitionKey', matcher);
  let payload: Constructor | undefined;
  let codec: CodecOption | undefined;
  if (isClass(payloadOrOptions)) {
    payload = payloadOrOptions;
  } else if (payloadOrOptions !== undefined) {
    if (typeof payloadOrOptions !== 'object' || payloadOrOptions === null)
      throw new DefinitionError('@OnPartitionKey: the second argument is a payload class or { payload, codec }');
    for (const key of Object.keys(payloadOrOptions)) {
      if (key !== 'payload' && key !== 'codec') throw new DefinitionError(`@OnPartitionKey: unknown option ${JSON.stringify(key)}; expected payload or codec`);
    }
    if (payloadOrOptions.payload !== undefined && !isClass(payloadOrOptions.payload)) throw new DefinitionError('@OnPartitionKey: payload must be a class');
    payload = payloadOrOptions.payload;
    codec = payloadOrOptions.codec;
  }
  return routeDecorator('OnPartitionKey', { kind: 'partition-key', type: undefined, discriminator: undefined, partitionKey: matcher, payload, codec });
}
