/**
 * Payload classes: class-transformer builds the instance (nested `@Type` objects included), then
 * class-validator checks it. Which validation path a class takes is decided once, when the route is
 * compiled: the synchronous one unless the class (or a class it nests) has an async constraint.
 */
import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { getMetadataStorage, validate, validateSync, type ValidatorOptions } from 'class-validator';
import { RecordValidationError, type RecordLocation } from '../errors.js';
import type { Constructor } from '../metadata/definitions.js';

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
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
      throw new RecordValidationError(location, className, [], `${className} expects a JSON object, but the payload is ${got}`);
    }
    return plainToInstance(cls, value, transformer);
  };

  const mode = validationMode(payload);
  // A class without constraints is a typed shape only; class-validator would call every instance
  // of it "an unknown value" under forbidUnknownValues.
  if (mode === 'none') return toInstance;
  if (mode === 'async') {
    return async (value, location) => {
      const instance = toInstance(value, location);
      const errors = await validate(instance, validator);
      if (errors.length > 0) throw new RecordValidationError(location, className, errors);
      return instance;
    };
  }
  return (value, location) => {
    const instance = toInstance(value, location);
    const errors = validateSync(instance, validator);
    if (errors.length > 0) throw new RecordValidationError(location, className, errors);
    return instance;
  };
}

interface ConstraintStorage {
  getTargetValidationMetadatas(target: Function, schema: string, always: boolean, strictGroups: boolean): Array<{ type: string; constraintCls?: Function }>;
  getTargetValidatorConstraints(target: Function): Array<{ async?: boolean }>;
  constraintMetadatas?: Map<Function, Array<{ async?: boolean }>>;
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
