import type { RouteDefinition } from '../metadata/definitions.js';
import { addRoute } from '../metadata/metadata.js';
import { methodClass } from './decorator-arguments.js';

/**
 * The shared body of the route decorators: check it sits on an instance method, then record the
 * route on the class. Nothing else happens at decoration time.
 */
export function routeDecorator(decorator: string, route: Omit<RouteDefinition, 'method'>): MethodDecorator {
  return (target, method, descriptor) => addRoute(methodClass(decorator, 'routes', target, method, descriptor), { ...route, method });
}
