/**
 * Payload classes: class-transformer builds the instance (nested `@Type` objects included), then
 * class-validator checks it. Which validation path a class takes is decided once, when the route is
 * compiled: the synchronous one unless the class (or a class it nests) has an async constraint.
 */
import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { getMetadataStorage, validate, validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { RecordValidationError, type RecordLocation } from '../errors.js';
import type { Constructor } from '../metadata/definitions.js';
import { describeValue } from './batch.js';
import { errorName, isStackOverflow, redactError } from './redact-error.js';

/** Turns a decoded value into a validated instance, or throws a `RecordValidationError`. */
export type PayloadValidator = (value: unknown, location: RecordLocation) => object | Promise<object>;

export interface ValidationSettings {
  readonly transformer: ClassTransformOptions;
  readonly validator: ValidatorOptions;
}

/** Keeps payload data out of the errors: they end up in logs and dead-letter queues. */
export const DEFAULT_VALIDATOR_OPTIONS: ValidatorOptions = Object.freeze({
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
});

/**
 * Compiles the validator of one payload class.
 *
 * Whatever class-transformer or class-validator throws becomes a `RecordValidationError`, so
 * that every payload, however odd, reaches `@OnInvalid` or the `invalid` policy instead of failing
 * its record on every retry. Two JSON values make them throw: a key named `constructor` holding a
 * value (class-transformer takes it for the class to build), and deep nesting (both recurse once
 * per level).
 *
 * Nesting has no limit of its own: the limit is how deep they can recurse on the stack, and a
 * stack overflow is turned into a `RecordValidationError` that says how deep the payload is. A
 * depth check before the transformation would give a fixed number, but would walk every payload
 * on the hot path (a 1 KB payload is as long as 500 levels of nesting, so its length cannot rule
 * the walk out), and would still need this conversion for classes that use more stack per level.
 * A `try` costs nothing until something throws; measuring the depth happens only then.
 *
 * @example
 * const check = compilePayloadValidator(OrderCreated, { transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS });
 * const order = check({ orderId: 'o-1', total: 3 }, location) as OrderCreated;
 */
export function compilePayloadValidator(payload: Constructor, settings: ValidationSettings): PayloadValidator {
  const className = payload.name || 'payload class';
  const cls = payload as unknown as new () => object;
  const { transformer, validator } = settings;

  const toInstance = (value: unknown, location: RecordLocation): object => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RecordValidationError(location, className, [], `${className} expects a JSON object, but the payload is ${describeValue(value)}`);
    }
    try {
      return plainToInstance(cls, value, transformer);
    } catch (error) {
      throw libraryFailure(location, className, 'class-transformer', value, error);
    }
  };

  const mode = validationMode(payload);
  // A class without constraints is a typed shape only; class-validator would call every instance
  // of it "an unknown value" under forbidUnknownValues.
  if (mode === 'none') return toInstance;
  if (mode === 'async') {
    return async (value, location) => {
      const instance = toInstance(value, location);
      let errors: ValidationError[];
      try {
        errors = await validate(instance, validator);
      } catch (error) {
        throw libraryFailure(location, className, 'class-validator', value, error);
      }
      if (errors.length > 0) throw new RecordValidationError(location, className, errors);
      return instance;
    };
  }
  return (value, location) => {
    const instance = toInstance(value, location);
    let errors: ValidationError[];
    try {
      errors = validateSync(instance, validator);
    } catch (error) {
      throw libraryFailure(location, className, 'class-validator', value, error);
    }
    if (errors.length > 0) throw new RecordValidationError(location, className, errors);
    return instance;
  };
}

/**
 * What made class-transformer or class-validator throw, said without the error's message (a
 * TypeError can quote a string value, a user's `@Transform` or constraint anything): the nesting
 * depth for a stack overflow, the `constructor` key when the payload has one, else the error's
 * name. The cause is redacted the same way; a stack overflow's own message is fixed, so it stays.
 */
function libraryFailure(location: RecordLocation, className: string, library: string, value: unknown, error: unknown): RecordValidationError {
  if (error instanceof RecordValidationError) return error;
  const { depth, constructorKey } = inspect(value);
  let reason: string;
  let cause: unknown;
  if (isStackOverflow(error)) {
    reason = `the payload is nested ${depth} levels deep, deeper than ${library} can recurse`;
    cause = error;
  } else {
    const name = errorName(error);
    reason = constructorKey ? `it holds a key named "constructor", which ${library} cannot copy (${name})` : `${library} threw ${name}`;
    cause = redactError(error, `${name} from ${library} for ${className} (its message is left out: it may quote the payload)`);
  }
  return new RecordValidationError(location, className, [], `${className} could not be built from the payload: ${reason}`, { cause });
}

/**
 * How many levels of objects and arrays `value` nests, and whether an object nested in it has an
 * own key named `constructor` with a value, which class-transformer takes for the class to build
 * (the payload's own is left out: its class is known, so that key is only dropped). One walk
 * without recursion: it runs after a stack overflow.
 */
function inspect(value: unknown): { depth: number; constructorKey: boolean } {
  let depth = 0;
  let constructorKey = false;
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, level] = next;
    if (typeof node !== 'object' || node === null) continue;
    constructorKey ||= level > 0 && !Array.isArray(node) && Object.hasOwn(node, 'constructor') && Boolean((node as { constructor: unknown }).constructor);
    if (level >= depth) depth = level + 1;
    for (const child of Object.values(node)) pending.push([child, level + 1]);
  }
  return { depth, constructorKey };
}

interface ConstraintStorage {
  getTargetValidationMetadatas(
    target: Constructor<unknown>,
    schema: string,
    always: boolean,
    strictGroups: boolean,
  ): Array<{ type: string; constraintCls?: Constructor<unknown> }>;
  getTargetValidatorConstraints(target: Constructor<unknown>): Array<{ async?: boolean }>;
  constraintMetadatas?: Map<Constructor<unknown>, Array<{ async?: boolean }>>;
}

/**
 * How a payload class is validated: not at all (it has no constraints), with `validateSync`, or with
 * `validate` when it may have an async constraint (`validateSync` skips those). Nested classes are
 * known only to class-transformer's private storage, so a class with nested validation counts as
 * async exactly when any async constraint is registered at all.
 *
 * @example
 * validationMode(OrderCreated); // 'sync'
 */
export function validationMode(payload: Constructor): 'none' | 'sync' | 'async' {
  const storage = getMetadataStorage() as unknown as ConstraintStorage;
  const metadatas = storage.getTargetValidationMetadatas(payload, '', true, false);
  if (metadatas.length === 0) return 'none';
  let nested = false;
  for (const metadata of metadatas) {
    if (metadata.type === 'promiseValidation') return 'async';
    if (metadata.type === 'nestedValidation') nested = true;
    if (metadata.type === 'customValidation' && metadata.constraintCls !== undefined) {
      if (storage.getTargetValidatorConstraints(metadata.constraintCls).some((c) => c.async === true)) return 'async';
    }
  }
  if (!nested) return 'sync';
  const all = storage.constraintMetadatas;
  if (!(all instanceof Map)) return 'async';
  for (const constraints of all.values()) if (constraints.some((c) => c.async === true)) return 'async';
  return 'sync';
}
