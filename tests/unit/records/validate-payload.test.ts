import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsString, ValidateNested, ValidatePromise, ValidatorConstraint, Validate, type ValidatorConstraintInterface } from 'class-validator';
import { compilePayloadValidator, DEFAULT_VALIDATOR_OPTIONS, validationMode } from '../../../src/records/validate-payload';

class Plain {
  name!: string;
}
class Checked {
  @IsString() name!: string;
}
class Parent {
  @ValidateNested() @Type(() => Checked) child!: Checked;
}
class WithPromise {
  @ValidatePromise() @IsString() later!: Promise<string>;
}

describe('validationMode', () => {
  it('is none for a class without constraints', () => {
    expect(validationMode(Plain)).toBe('none');
  });

  it('is sync for ordinary constraints, nested ones included, when no async constraint exists', () => {
    expect([validationMode(Checked), validationMode(Parent)]).toEqual(['sync', 'sync']);
  });

  it('is async for @ValidatePromise', () => {
    expect(validationMode(WithPromise)).toBe('async');
  });

  it('is async for a custom async constraint', () => {
    @ValidatorConstraint({ async: true })
    class Remote implements ValidatorConstraintInterface {
      async validate() {
        return true;
      }
    }
    class UsesRemote {
      @Validate(Remote) id!: string;
    }
    expect(validationMode(UsesRemote)).toBe('async');
  });
});

describe('compilePayloadValidator', () => {
  const location = { sequenceNumber: '7', partitionKey: 'k' };
  const settings = { transformer: {}, validator: DEFAULT_VALIDATOR_OPTIONS };

  it('returns an instance synchronously on the sync path', () => {
    const result = compilePayloadValidator(Checked, settings)({ name: 'x' }, location);
    expect(result).toBeInstanceOf(Checked);
  });

  it('throws a RecordValidationError naming the record and the class', () => {
    expect(() => compilePayloadValidator(Checked, settings)({ name: 1 }, location)).toThrow(
      'record 7 with partition key "k": Checked failed validation: name: name must be a string',
    );
  });
});
