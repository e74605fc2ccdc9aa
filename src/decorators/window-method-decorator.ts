import type { WindowMethodDefinition } from '../metadata/definitions.js';
import { addWindowMethod, defineWindowSupport } from '../metadata/metadata.js';
import { windowSupport } from '../routing/compile-window.js';
import { methodClass } from './decorator-arguments.js';

/**
 * The shared body of `@WindowReduce` and `@OnWindowEnd`: check it sits on an instance method, then
 * record it on the class, with the window machinery that runs it (the core imports none of it, so
 * only bundles that use these decorators carry it). How window methods combine (one reducer, an end
 * method beside it, routes to fold) is checked by `createHandler`, which sees every class at once.
 */
export function windowMethodDecorator(decorator: string, definition: Omit<WindowMethodDefinition, 'method'>): MethodDecorator {
  return (target, method, descriptor) => {
    const cls = methodClass(decorator, 'window methods', target, method, descriptor);
    addWindowMethod(cls, { ...definition, method });
    defineWindowSupport(cls, windowSupport);
  };
}
