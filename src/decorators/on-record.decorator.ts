import { DefinitionError } from '../errors.js';
import type { Constructor, Discriminator, PartitionKeyMatcher } from '../metadata/definitions.js';
import { getPayloadType } from '../metadata/metadata.js';
import type { CodecOption } from '../records/codecs/codec.js';
import { checkDiscriminator } from '../routing/discriminator.js';
import { checkClass, checkOptions, isClass } from './decorator-arguments.js';
import { routeDecorator } from './route-decorator.js';
import { checkMatcher } from './on-partition-key.decorator.js';

/**
 * The long form of `@OnRecord`: a payload type, optionally narrowed to a partition key.
 *
 * @example
 * \@OnRecord({ type: 'order.created', partitionKey: /^vip-/, payload: OrderCreated })
 * vip(order: OrderCreated) {}
 */
export interface OnRecordOptions {
  /** The type name; defaults to the payload class's `@PayloadType`. */
  type?: string;
  /** Only records whose partition key also matches. */
  partitionKey?: PartitionKeyMatcher;
  /** The class to transform and validate the payload into. */
  payload?: Constructor;
  /** Where the type is read, for this route only. */
  discriminator?: Discriminator;
  codec?: CodecOption;
}

/**
 * Routes the records of one payload type to the method. Give a payload class (with
 * `@PayloadType`) to receive a validated instance, or a type name to receive the decoded payload.
 *
 * @example
 * \@OnRecord(OrderCreated)
 * created(order: OrderCreated, context: RecordContext) {}
 *
 * \@OnRecord('order.cancelled')
 * cancelled(payload: { orderId: string }) {}
 */
export function OnRecord(route: Constructor | string | OnRecordOptions): MethodDecorator {
  const where = '@OnRecord';
  const options: OnRecordOptions = typeof route === 'string' ? { type: route } : isClass(route) ? { payload: route } : route;
  checkOptions(where, options, ['type', 'partitionKey', 'payload', 'discriminator', 'codec'], 'a payload class, a type name or an options object');
  const { type, partitionKey, payload, discriminator, codec } = options;
  checkClass(where, 'payload', payload);
  if (type !== undefined && (typeof type !== 'string' || type === '')) throw new DefinitionError(`${where}: the type must be a non-empty string`);
  if (type === undefined && payload === undefined) throw new DefinitionError(`${where}: give a type, or a payload class with @PayloadType`);
  if (type === undefined && getPayloadType(payload as Constructor) === undefined) {
    const name = payload?.name || 'Class';
    throw new DefinitionError(`${where}(${name}): the class has no @PayloadType('...'); add one, or use @OnRecord({ type: '...', payload: ${name} })`);
  }
  if (partitionKey !== undefined) checkMatcher(where, partitionKey);
  checkDiscriminator(where, discriminator);
  return routeDecorator('OnRecord', { kind: 'record', type, discriminator, partitionKey, payload, codec });
}
