import { DefinitionError } from '../errors';
import type { Constructor, Discriminator } from '../metadata/definitions';
import { definePayloadType } from '../metadata/metadata';
import { checkDiscriminator } from '../routing/discriminator';

/**
 * Options of `@PayloadType`.
 *
 * @example
 * \@PayloadType('OrderPlaced', { discriminator: 'detail-type' })
 * class OrderPlaced {}
 */
export interface PayloadTypeOptions {
  /** Where this type's name is read, when not where the handler's `discriminator` option says. */
  discriminator?: Discriminator;
}

/**
 * Names the payload type of a class, so `@OnRecord(Class)` routes the records whose discriminator
 * (by default the `type` field) holds that name. The name is explicit because class names do not
 * survive minification.
 *
 * @example
 * \@PayloadType('order.created')
 * class OrderCreated {
 *   \@IsString() orderId!: string;
 * }
 */
export function PayloadType(name: string, options: PayloadTypeOptions = {}): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0) throw new DefinitionError('@PayloadType needs a non-empty type name, such as @PayloadType(\'order.created\')');
  const discriminator = options.discriminator;
  if (discriminator !== undefined) {
    const problem = checkDiscriminator(discriminator);
    if (problem !== undefined) throw new DefinitionError(`@PayloadType('${name}'): ${problem}`);
  }
  return (target) => {
    definePayloadType(target as unknown as Constructor, { name, discriminator });
  };
}
