import { DefinitionError } from 'shardline';
import { isStandardDecoratorContext, rejectStandardDecorator } from '../../../src/decorators/standard-decorator';

const noop = (): void => undefined;
const method = { kind: 'method', name: 'created', static: false, private: false, access: {}, metadata: {}, addInitializer: noop };

describe('isStandardDecoratorContext', () => {
  it.each([
    ['a method context', method],
    ['a class context', { kind: 'class', name: 'Orders', metadata: {}, addInitializer: noop }],
    ['an anonymous class context', { kind: 'class', name: undefined, metadata: {}, addInitializer: noop }],
    ['a field context', { kind: 'field', name: 'total', static: false, private: false, access: {}, metadata: {} }],
    ['a getter context', { kind: 'getter', name: 'total', static: true }],
    ['an accessor context', { kind: 'accessor', name: Symbol('total'), static: false }],
  ])('recognises %s', (_case, context) => {
    expect(isStandardDecoratorContext(context)).toBe(true);
  });

  it.each([
    ['a legacy method decorator key', 'created'],
    ['a legacy symbol key', Symbol('created')],
    ['a legacy class decorator (no second argument)', undefined],
    ['null', null],
    ['a property descriptor', { value: () => undefined, writable: true, enumerable: false, configurable: true }],
    ['an object with an unknown kind', { kind: 'parameter', name: 'x' }],
    ['an object with a kind but no name', { kind: 'method' }],
  ])('does not mistake %s for one', (_case, value) => {
    expect(isStandardDecoratorContext(value)).toBe(false);
  });
});

describe('rejectStandardDecorator', () => {
  it('returns for a legacy call', () => {
    expect(() => rejectStandardDecorator('OnRecord', 'created')).not.toThrow();
  });

  it('throws a DefinitionError naming the decorator and the method, and saying what to change', () => {
    // Act
    const act = () => rejectStandardDecorator('OnPartitionKey', method);

    // Assert
    expect(act).toThrow(DefinitionError);
    expect(act).toThrow(
      "@OnPartitionKey on created: this file was compiled with standard (TC39) decorators; shardline's are TypeScript's legacy ones. " +
        'Set "experimentalDecorators": true in the compilerOptions of the tsconfig.json whose "include" covers this file',
    );
  });

  it.each([
    ['a class', 'StreamHandler', { kind: 'class', name: 'Orders' }, '@StreamHandler on class Orders:'],
    ['an anonymous class', 'PayloadType', { kind: 'class', name: undefined }, '@PayloadType on an anonymous class:'],
    ['a static method', 'OnUnmatched', { kind: 'method', name: 'other', static: true }, '@OnUnmatched on static other:'],
    ['a field', 'OnRecord', { kind: 'field', name: 'created', static: false }, '@OnRecord on field created:'],
    ['a symbol-named method', 'OnInvalid', { kind: 'method', name: Symbol('quarantine'), static: false }, '@OnInvalid on Symbol(quarantine):'],
  ])('names %s', (_case, decorator, context, where) => {
    expect(() => rejectStandardDecorator(decorator, context)).toThrow(where);
  });
});
