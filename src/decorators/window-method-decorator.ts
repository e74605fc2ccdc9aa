import { DefinitionError } from '../errors.js';
import type { Constructor, WindowMethodDefinition } from '../metadata/definitions.js';
import { addWindowMethod, defineWindowSupport } from '../metadata/metadata.js';
import { windowSupport } from '../routing/compile-window.js';
import { rejectStandardDecorator } from './standard-decorator.js';

/**
 * The shared body of `@WindowReduce` and `@OnWindowEnd`: check it sits on an instance method, then
 * record it on the class, with the window machinery that runs it (the core imports none of it, so
 * only bundles that use these decorators carry it). How window methods combine (one reducer, an end
 * method beside it, routes to fold) is checked by `createHandler`, which sees every class at once.
 */
export function windowMethodDecorator(decorator: string, definition: Omit<WindowMethodDefinition, 'method'>): MethodDecorator {
  return (target, method, descriptor) => {
    rejectStandardDecorator(decorator, method);
    const where = `@${decorator} on ${String(method)}`;
    if (typeof target === 'function') throw new DefinitionError(`${where}: window methods must be instance methods, not static ones`);
    // A legacy decorator on a property gets no descriptor at all.
    if (typeof descriptor?.value !== 'function') throw new DefinitionError(`${where}: only methods can be window methods`);
    const cls = target.constructor as Constructor;
    addWindowMethod(cls, { ...definition, method });
    defineWindowSupport(cls, windowSupport);
  };
}
