import { DefinitionError, InvalidOptionError, OnPartitionKey, OnRecord, PayloadType, StreamHandler } from 'shardline';
import { checkClass, checkOptions, methodClass } from '../../../src/decorators/decorator-arguments';

/** The error `act` throws. */
function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('checkOptions', () => {
  it('accepts an object with known keys only', () => {
    expect(() => checkOptions('@OnRecord', { type: 'a', codec: 'json' }, ['type', 'codec'])).not.toThrow();
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'codec'],
  ])('refuses %s, saying what the decorator takes and what it got', (_case, value) => {
    expect(thrown(() => checkOptions('@OnPartitionKey', value, ['payload'], 'a payload class or { payload, codec }'))).toEqual(
      new DefinitionError(`@OnPartitionKey takes a payload class or { payload, codec }, not ${value === null ? 'null' : typeof value}`),
    );
  });

  it('refuses an unknown key, listing the known ones, with the error class it is given', () => {
    const error = thrown(() => checkOptions('@StreamHandler', { codex: 'json' }, ['codec'], undefined, InvalidOptionError));

    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toBe('@StreamHandler: unknown option "codex"; known options are codec');
  });
});

describe('checkClass', () => {
  it('accepts a class, and nothing given', () => {
    expect(() => [checkClass('@OnRecord', 'payload', class Order {}), checkClass('@OnRecord', 'payload', undefined)]).not.toThrow();
  });

  it.each([
    ['an object', {}, 'object'],
    ['an arrow function', () => undefined, 'function'],
  ])('refuses %s, naming the option and its kind', (_case, value, kind) => {
    expect(() => checkClass('@OnRecord', 'payload', value)).toThrow(new DefinitionError(`@OnRecord: payload must be a class, not ${kind}`));
  });
});

describe('methodClass', () => {
  class Orders {
    created(): void {}
  }
  const descriptor = Object.getOwnPropertyDescriptor(Orders.prototype, 'created');

  it('gives the class of an instance method', () => {
    expect(methodClass('OnRecord', 'routes', Orders.prototype, 'created', descriptor)).toBe(Orders);
  });

  it('refuses a static method', () => {
    expect(() => methodClass('OnRecord', 'routes', Orders, 'created', descriptor)).toThrow(
      new DefinitionError('@OnRecord on created: routes must be instance methods, not static ones'),
    );
  });

  it('refuses a property, which a legacy decorator gets without a descriptor', () => {
    expect(() => methodClass('OnWindowEnd', 'window methods', Orders.prototype, 'total', undefined)).toThrow(
      new DefinitionError('@OnWindowEnd on total: only methods can be window methods'),
    );
  });

  it('refuses a standard decorator context first', () => {
    expect(() => methodClass('OnRecord', 'routes', () => undefined, { kind: 'method', name: 'created' } as never, undefined)).toThrow(
      /@OnRecord on created: this file was compiled with standard \(TC39\) decorators/,
    );
  });
});

describe('the decorators, through the shared checks', () => {
  it.each<[string, () => unknown, string]>([
    [
      '@OnRecord',
      () => OnRecord({ type: 'a', partitonKey: 'b' } as never),
      '@OnRecord: unknown option "partitonKey"; known options are type, partitionKey, payload, discriminator, codec',
    ],
    ['@OnPartitionKey', () => OnPartitionKey('k', { codex: 'text' } as never), '@OnPartitionKey: unknown option "codex"; known options are payload, codec'],
    [
      '@PayloadType',
      () => PayloadType('a', { acknowlege: [] } as never),
      `@PayloadType('a'): unknown option "acknowlege"; known options are discriminator, acknowledge`,
    ],
    ['@StreamHandler', () => StreamHandler({ codex: 'json' } as never), '@StreamHandler: unknown option "codex"; known options are codec'],
  ])('%s names a misspelt option and the known ones', (_decorator, act, message) => {
    expect(thrown(act).message).toBe(message);
  });

  it('@OnPartitionKey refuses null where the payload class or options go', () => {
    expect(() => OnPartitionKey('k', null as never)).toThrow(
      new DefinitionError('@OnPartitionKey takes a payload class or { payload, codec } after the matcher, not null'),
    );
  });

  it.each<[string, () => unknown]>([
    ['an empty type name', () => OnRecord('')],
    ['an empty type in the options', () => OnRecord({ type: '' })],
  ])('@OnRecord refuses %s', (_case, act) => {
    expect(act).toThrow(new DefinitionError('@OnRecord: the type must be a non-empty string'));
  });

  it('@OnRecord names a payload class without @PayloadType given in the options, as in the short form', () => {
    class Untyped {}

    expect(() => OnRecord({ payload: Untyped })).toThrow(
      new DefinitionError("@OnRecord(Untyped): the class has no @PayloadType('...'); add one, or use @OnRecord({ type: '...', payload: Untyped })"),
    );
  });
});
