import 'reflect-metadata';
import { RecordValidationError } from '../../../src/errors';
import type { Constructor } from '../../../src/metadata/definitions';
import { compilePayloadValidator, DEFAULT_VALIDATOR_OPTIONS } from '../../../src/records/validate-payload';

const location = { sequenceNumber: '49590338271490256608559692538361571095921575989136588898', partitionKey: 'k' };

/** Transforms and validates `value` into `cls` exactly as a route does, with the default options. */
export function validateAs<T extends object>(cls: Constructor<T>, value: unknown): T {
  return compilePayloadValidator(cls, { transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS })(value, location) as T;
}

/** The validation error for `value`, or a failure when it validates. */
export function validationErrorOf(cls: Constructor, value: unknown): RecordValidationError {
  try {
    validateAs(cls, value);
  } catch (error) {
    if (error instanceof RecordValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${cls.name} to reject the value, but it validated`);
}
