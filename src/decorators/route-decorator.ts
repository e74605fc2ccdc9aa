import { DefinitionError } from '../errors.js';
import type { Constructor, RouteDefinition } from '../metadata/definitions.js';
import { addRoute } from '../metadata/metadata.js';
import { rejectStandardDecorator } from './standard-decorator.js';

/**
 * The shared body of the route decorators: check it sits on an instance method, then record the
 * route on the class. Nothing else happens at decoration time.
 */
export function routeDecorator(decorator: string, route: Omit<RouteDefinition, 'method'>): MethodDecorator {
  return (target, method, descriptor) => {
    rejectStandardDecorator(decorator, method);
    const where = `@${decorator} on ${String(method)}`;
    if (typeof target === 'function') throw new DefinitionError(`${where}: routes must be instance methods, not static ones`);
    // A legacy decorator on a property gets no descriptor at all.
    if (typeof descriptor?.value !== 'function') throw new DefinitionError(`${where}: only methods can be routes`);
    addRoute(target.constructor as Constructor, { ...route, method });
  };
}

/** Whether `value` looks like a class a route can name. */
export function isClass(value: unknown): value is Constructor {
  return typeof value === 'function' && value.prototype !== undefined;
}
