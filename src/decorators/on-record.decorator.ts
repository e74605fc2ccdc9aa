import { DefinitionError } from '../errors.js';
import type { Constructor, Discriminator, PartitionKeyMatcher } from '../metadata/definitions.js';
import { getPayloadType } from '../metadata/metadata.js';
import type { CodecOption } from '../records/codecs/codec.js';
import { checkDiscriminator } from '../routing/discriminator.js';
import { isClass, routeDecorator } from './route-decorator.js';
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
  if (typeof route === 'string') {
    if (route.length === 0) throw new DefinitionError('@OnRecord needs a non-empty type name');
    return routeDecorator('OnRecord', { kind: 'record', type: route, discriminator: undefined, partitionKey: undefined, payload: undefined, codec: undefined });
  }
  if (isClass(route)) {
    if (getPayloadType(route) === undefined) {
      throw new DefinitionError(
        `@OnRecord(${route.name || 'class'}): the class has no @PayloadType('...'); add one, or use @OnRecord({ type: '...', payload: ${route.name || 'Class'} })`,
      );
    }
    return routeDecorator('OnRecord', { kind: 'record', type: undefined, discriminator: undefined, partitionKey: undefined, payload: route, codec: undefined });
  }
  if (typeof route !== 'object' || route === null) throw new DefinitionError('@OnRecord takes a payload class, a type name or an options object');
  for (const key of Object.keys(route)) {
    if (!['type', 'partitionKey', 'payload', 'discriminator', 'codec'].includes(key)) {
      throw new DefinitionError(`@OnRecord: unknown option ${JSON.stringify(key)}; expected type, partitionKey, payload, discriminator or codec`);
    }
  }
  const { type, partitionKey, payload, discriminator, codec } = route;
  if (payload !== undefined && !isClass(payload)) throw new DefinitionError('@OnRecord: payload must be a class');
  if (type === undefined && (payload === undefined || getPayloadType(payload) === undefined)) {
    throw new DefinitionError('@OnRecord: give a type, or a payload class with @PayloadType');
  }
  if (type !== undefined && (typeof type !== 'string' || type.length === 0)) throw new DefinitionError('@OnRecord: type must be a non-empty string');
  if (partitionKey !== undefined) checkMatcher('OnRecord', partitionKey);
  if (discriminator !== undefined) {
    const problem = checkDiscriminator(discriminator);
    if (problem !== undefined) throw new DefinitionError(`@OnRecord: ${problem}`);
  }
  return routeDecorator('OnRecord', { kind: 'record', type, discriminator, partitionKey, payload, codec });
}
