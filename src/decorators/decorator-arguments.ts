/**
 * The checks every decorator makes of its arguments and of where it sits, with the same words in
 * each: a decorator is refused when it is applied, naming the decorator and what to change.
 */
import { DefinitionError, kindOf, unknownOption } from '../errors.js';
import type { Constructor } from '../metadata/definitions.js';
import { rejectStandardDecorator } from './standard-decorator.js';

/** Whether `value` looks like a class a route can name. */
export function isClass(value: unknown): value is Constructor {
  return typeof value === 'function' && value.prototype !== undefined;
}

/**
 * Checks a decorator's options: an object (`takes` says what else the argument may be) with only
 * `known` keys.
 *
 * @example
 * checkOptions('@StreamHandler', options, ['codec']);
 */
export function checkOptions(
  where: string,
  options: unknown,
  known: readonly string[],
  takes = 'an options object',
  Refusal: typeof DefinitionError = DefinitionError,
): asserts options is object {
  if (typeof options !== 'object' || options === null) throw new Refusal(`${where} takes ${takes}, not ${kindOf(options)}`);
  for (const key of Object.keys(options)) if (!known.includes(key)) throw new Refusal(`${where}: ${unknownOption(key, known)}`);
}

/** Refuses a `name` option that is given but is not a class. */
export function checkClass(where: string, name: string, value: unknown): void {
  if (value !== undefined && !isClass(value)) throw new DefinitionError(`${where}: ${name} must be a class, not ${kindOf(value)}`);
}

/**
 * The class of an instance method a method decorator sits on, checked: a legacy decorator call, on
 * a method, not a static one. `what` is what such methods are called in the messages (`routes`).
 *
 * @example
 * const cls = methodClass('OnRecord', 'routes', target, method, descriptor);
 */
export function methodClass(decorator: string, what: string, target: object, method: string | symbol, descriptor: PropertyDescriptor | undefined): Constructor {
  rejectStandardDecorator(decorator, method);
  const where = `@${decorator} on ${String(method)}`;
  if (typeof target === 'function') throw new DefinitionError(`${where}: ${what} must be instance methods, not static ones`);
  // A legacy decorator on a property gets no descriptor at all.
  if (typeof descriptor?.value !== 'function') throw new DefinitionError(`${where}: only methods can be ${what}`);
  return target.constructor as Constructor;
}
