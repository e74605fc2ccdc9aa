import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsString, ValidateNested, ValidatePromise, ValidatorConstraint, Validate, type ValidatorConstraintInterface } from 'class-validator';
import { RecordValidationError } from '../../../src/errors';
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
      validate() {
        return Promise.resolve(true);
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

  it.each([
    ['a class without constraints', Plain],
    ['a validated class', Checked],
  ])('turns the TypeError class-transformer throws for a nested "constructor" key into a RecordValidationError, for %s', (_what, cls) => {
    const error = thrownBy(() => compilePayloadValidator(cls, settings)({ name: 'x', meta: { constructor: { a: 1 } } }, location));

    expect(error).toBeInstanceOf(RecordValidationError);
    expect(error).toMatchObject({
      errors: [],
      message: expect.stringContaining('could not be built from the payload: it holds a key named "constructor"') as unknown,
    });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('turns a stack overflow into a RecordValidationError that says how deep the payload is', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];

    const error = thrownBy(() => compilePayloadValidator(Checked, settings)({ name: 'x', deep }, location));

    expect(error).toBeInstanceOf(RecordValidationError);
    expect((error as Error).message).toContain('the payload is nested 50001 levels deep, deeper than class-transformer can recurse');
  });

  it('rejects, on the async path, with a RecordValidationError for what class-transformer throws', async () => {
    await expect(compilePayloadValidator(WithPromise, settings)({ later: 'x', meta: { constructor: 1 } }, location)).rejects.toBeInstanceOf(
      RecordValidationError,
    );
  });

  it('keeps the message of a throwing constraint out of the error and its cause', () => {
    @ValidatorConstraint({ name: 'exploding' })
    class Exploding implements ValidatorConstraintInterface {
      validate(value: unknown): boolean {
        throw new Error(`cannot check ${String(value)}`);
      }
    }
    class Guarded {
      @Validate(Exploding) name!: string;
    }

    const error = thrownBy(() => compilePayloadValidator(Guarded, settings)({ name: 'secret-name' }, location)) as Error;

    expect(error.message).toContain('Guarded could not be built from the payload: class-validator threw Error');
    expect(`${error.message} ${error.stack} ${(error.cause as Error).message} ${(error.cause as Error).stack}`).not.toContain('secret-name');
  });
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
