import { DefinitionError, kindOf } from '../errors.js';
import type { Constructor } from '../metadata/definitions.js';
import { addInterceptors } from '../metadata/metadata.js';
import type { Interceptor } from '../routing/interceptor.js';
import { methodClass } from './decorator-arguments.js';

/**
 * Wraps route methods in interceptors: on a class, every route of the class; on a route method,
 * that route. Around a method they apply in this order, the first outermost: the `interceptors`
 * option of `createHandler` (in array order), the class's, the method's. Several interceptors in one
 * decorator, or stacked decorators, apply in the order they read.
 *
 * @example
 * \@StreamHandler()
 * \@UseInterceptors(tenantScope)
 * class Orders {
 *   \@OnRecord(OrderCreated)
 *   \@UseInterceptors(idempotent({ persistenceStore, key: 'orderId' }), timing)
 *   async created(order: OrderCreated) {}
 * }
 */
export function UseInterceptors(...interceptors: Interceptor[]): ClassDecorator & MethodDecorator {
  for (let i = 0; i < interceptors.length; i++) {
    if (typeof interceptors[i] !== 'function') {
      throw new DefinitionError(`@UseInterceptors: interceptor ${i + 1} is ${kindOf(interceptors[i])}, not a function (call, next) => Promise`);
    }
  }
  const list = Object.freeze([...interceptors]);
  return (target: object, method?: string | symbol, descriptor?: PropertyDescriptor): void => {
    // A legacy class decorator gets no second argument; a standard one's context is refused by methodClass.
    if (method === undefined) {
      if (typeof target !== 'function') throw new DefinitionError('@UseInterceptors goes on a class or a route method');
      addInterceptors(target as Constructor, undefined, list);
    } else {
      addInterceptors(methodClass('UseInterceptors', 'routes', target, method, descriptor), method, list);
    }
  };
}
