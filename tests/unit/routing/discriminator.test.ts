import { checkDiscriminator, compileDiscriminator } from '../../../src/routing/discriminator';

describe('compileDiscriminator', () => {
  it('reads a top-level field', () => {
    expect(compileDiscriminator('type')({ type: 'order.created' })).toBe('order.created');
  });

  it('reads a dot path', () => {
    expect(compileDiscriminator('meta.kind')({ meta: { kind: 'k' } })).toBe('k');
  });

  it('reads a field whose name has a dash', () => {
    expect(compileDiscriminator('detail-type')({ 'detail-type': 'OrderPlaced' })).toBe('OrderPlaced');
  });

  it.each([
    ['a missing field', { other: 1 }],
    ['a number', { type: 7 }],
    ['null', null],
    ['a string payload', 'type'],
    ['an array', ['type']],
  ])('gives undefined for %s', (_name, payload) => {
    expect(compileDiscriminator('type')(payload)).toBeUndefined();
  });

  it('never reads what Object.prototype holds, such as constructor or toString', () => {
    expect([compileDiscriminator('constructor')({}), compileDiscriminator('toString')({}), compileDiscriminator('a.constructor')({ a: {} })]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads a type that a decoded class instance defines as a getter', () => {
    class Decoded {
      get type(): string {
        return 'from-getter';
      }
    }
    expect(compileDiscriminator('type')(new Decoded())).toBe('from-getter');
  });

  it('gives undefined when a dot path stops early', () => {
    expect(compileDiscriminator('meta.kind')({ meta: 'flat' })).toBeUndefined();
  });

  it('uses a function and keeps only string results', () => {
    const read = compileDiscriminator((p) => (p as { v: unknown }).v);
    expect([read({ v: 'a' }), read({ v: 1 })]).toEqual(['a', undefined]);
  });
});

describe('checkDiscriminator', () => {
  it('accepts paths and functions', () => {
    expect(() => [
      checkDiscriminator('option discriminator', 'type'),
      checkDiscriminator('@OnRecord', 'a.b.c'),
      checkDiscriminator('@OnRecord', () => 'x'),
    ]).not.toThrow();
  });

  it.each([[''], ['a..b'], ['.a'], ['a.'], [42]])('refuses %p', (value) => {
    expect(() => checkDiscriminator('@OnRecord', value)).toThrow(/^@OnRecord: a discriminator must be a dot path/);
  });
});
