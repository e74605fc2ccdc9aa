import { DefinitionError, InvalidOptionError } from '../errors.js';
import type { Constructor } from '../metadata/definitions.js';
import { defineStreamHandler } from '../metadata/metadata.js';
import type { CodecOption } from '../records/codecs/codec.js';
import { checkOptions } from './decorator-arguments.js';
import { rejectStandardDecorator } from './standard-decorator.js';

/**
 * Options of `@StreamHandler`.
 *
 * @example
 * \@StreamHandler({ codec: 'text' })
 * class Syslog {}
 */
export interface StreamHandlerOptions {
  /** The codec of this class's routes, unless a route names its own. */
  codec?: CodecOption;
}

/**
 * Marks a class whose decorated methods handle Kinesis records. Pass the class (or an instance of
 * it) to `createHandler`.
 *
 * @example
 * \@StreamHandler()
 * class Orders {
 *   \@OnRecord(OrderCreated)
 *   async created(order: OrderCreated) {}
 * }
 * export const handler = createHandler([Orders]);
 */
export function StreamHandler(options: StreamHandlerOptions = {}): ClassDecorator {
  checkOptions('@StreamHandler', options, ['codec'], undefined, InvalidOptionError);
  return (target: object, context?: unknown) => {
    rejectStandardDecorator('StreamHandler', context);
    if (typeof target !== 'function') throw new DefinitionError('@StreamHandler goes on a class');
    defineStreamHandler(target as unknown as Constructor, { codec: options.codec });
  };
}
