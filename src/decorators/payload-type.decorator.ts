import { DefinitionError } from '../errors.js';
import type { Constructor, Discriminator } from '../metadata/definitions.js';
import { definePayloadType } from '../metadata/metadata.js';
import { checkDiscriminator } from '../routing/discriminator.js';
import { checkOptions } from './decorator-arguments.js';
import { rejectStandardDecorator } from './standard-decorator.js';

/**
 * Options of `@PayloadType`.
 *
 * @example
 * \@PayloadType('OrderPlaced', { discriminator: 'detail-type' })
 * class OrderPlaced {}
 *
 * \@PayloadType('DATA_MESSAGE', { discriminator: 'messageType', acknowledge: ['CONTROL_MESSAGE'] })
 * class LogBatch {}
 */
export interface PayloadTypeOptions {
  /** Where this type's name is read, when not where the handler's `discriminator` option says. Subclasses inherit it. */
  discriminator?: Discriminator;
  /**
   * Types, read by the same discriminator, that carry nothing for user code (health checks,
   * heartbeats): a handler with a route for this class reports them as succeeded without calling
   * any method. `handler.routes` lists the built-in route that does it. A route of your own for
   * one of these types takes precedence. Subclasses inherit the list.
   */
  acknowledge?: readonly string[];
}

/**
 * Names the payload type of a class, so `@OnRecord(Class)` routes the records whose discriminator
 * (by default the `type` field) holds that name. The name is explicit because class names do not
 * survive minification.
 *
 * Given only options, it marks a base class: its subclasses inherit the discriminator (and
 * `acknowledge` list) and name their own types, with `@PayloadType('...')` or in
 * `@OnRecord({ type, payload })`.
 *
 * @example
 * \@PayloadType('order.created')
 * class OrderCreated {
 *   \@IsString() orderId!: string;
 * }
 *
 * \@PayloadType({ discriminator: 'detail-type' })
 * class BusEvent {}
 * \@PayloadType('OrderPlaced') // read from 'detail-type', inherited
 * class OrderPlaced extends BusEvent {}
 */
export function PayloadType(name: string, options?: PayloadTypeOptions): ClassDecorator;
export function PayloadType(options: PayloadTypeOptions): ClassDecorator;
export function PayloadType(nameOrOptions: string | PayloadTypeOptions, maybeOptions: PayloadTypeOptions = {}): ClassDecorator {
  const named = typeof nameOrOptions === 'string';
  const name = named ? nameOrOptions : undefined;
  const options = named ? maybeOptions : nameOrOptions;
  const where = named ? `@PayloadType('${name}')` : '@PayloadType({ ... })';
  checkOptions(where, options, ['discriminator', 'acknowledge'], 'a type name, a type name and options, or options alone (on a base class)');
  const { discriminator, acknowledge } = options;
  checkDiscriminator(where, discriminator);
  if (acknowledge !== undefined) checkAcknowledge(where, name, acknowledge);
  if (name === '' || (!named && discriminator === undefined && acknowledge === undefined)) {
    throw new DefinitionError("@PayloadType needs a non-empty type name ('order.created'), or on a base class a discriminator or acknowledge option");
  }
  const definition = { name, discriminator, ...(acknowledge !== undefined && { acknowledge: Object.freeze([...acknowledge]) }) };
  return (target: object, context?: unknown) => {
    rejectStandardDecorator('PayloadType', context);
    definePayloadType(target as unknown as Constructor, definition);
  };
}

function checkAcknowledge(where: string, name: string | undefined, acknowledge: unknown): void {
  if (!Array.isArray(acknowledge) || acknowledge.some((type) => typeof type !== 'string' || type === '')) {
    throw new DefinitionError(`${where}: acknowledge must be an array of non-empty type names`);
  }
  if (name !== undefined && acknowledge.includes(name)) {
    throw new DefinitionError(`${where}: acknowledge lists the class's own type ${JSON.stringify(name)}; records of that type go to its route`);
  }
}
