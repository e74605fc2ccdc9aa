import { describeThrown, toLoggable } from '../../../src/runtime/loggable';

/** What a log line would hold: the copy, written as JSON and read back. */
const written = (value: unknown): unknown => JSON.parse(JSON.stringify(toLoggable(value)) ?? 'null');

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('toLoggable', () => {
  it('copies plain JSON data as JSON.stringify would write it', () => {
    const value = { a: 1, b: 'two', c: [true, null, { d: 3.5 }], e: undefined, f: () => 1 };

    expect(written(value)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('writes a cycle as [Circular], and a value seen twice without a cycle twice', () => {
    const shared = { n: 1 };
    const value: Record<string, unknown> = { shared, again: shared };
    value.self = value;

    expect(written(value)).toEqual({ shared: { n: 1 }, again: { n: 1 }, self: '[Circular]' });
  });

  it('writes a getter that throws as [Unreadable] and keeps the other fields', () => {
    const value = {
      before: 1,
      get broken(): number {
        throw new Error('no');
      },
      after: 2,
    };

    expect(written(value)).toEqual({ before: 1, broken: '[Unreadable]', after: 2 });
  });

  it('writes an object whose toJSON throws as [Unreadable]', () => {
    expect(
      written({
        inner: {
          toJSON() {
            throw new Error('no');
          },
        },
      }),
    ).toEqual({ inner: '[Unreadable]' });
  });

  it('calls toJSON once, as JSON.stringify does, and copies what it returns', () => {
    const date = new Date('2026-11-28T00:00:00.000Z');

    expect(written({ date, custom: { toJSON: () => ({ kind: 'custom' }) } })).toEqual({ date: '2026-11-28T00:00:00.000Z', custom: { kind: 'custom' } });
  });

  it('writes a revoked Proxy as [Unreadable], wherever it is', () => {
    expect(written(revokedProxy())).toBe('[Unreadable]');
    expect(written({ inner: revokedProxy(), items: [revokedProxy()] })).toEqual({ inner: '[Unreadable]', items: ['[Unreadable]'] });
  });

  it('writes a BigInt as its decimal string', () => {
    expect(written({ id: 2n ** 70n })).toEqual({ id: '1180591620717411303424' });
  });

  it('writes an error as its name, message and stack, each read on its own', () => {
    const error = new TypeError('boom');
    Object.defineProperty(error, 'stack', {
      get() {
        throw new Error('no stack');
      },
    });

    expect(written({ error })).toEqual({ error: { name: 'TypeError', message: 'boom', stack: '[Unreadable]' } });
  });

  it('writes an error whose message getter throws without its message', () => {
    const error = new Error('placeholder');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no message');
      },
    });

    expect(written(error)).toMatchObject({ name: 'Error', message: '[Unreadable]' });
  });

  it('keeps a field named __proto__ as a field, without touching any prototype', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as object;

    const copy = toLoggable(value) as Record<string, unknown>;

    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(copy))).toEqual(value);
  });

  it('cuts deep nesting at ten levels', () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 3_000; i++) value = { a: value };

    const text = JSON.stringify(toLoggable(value));

    expect(text.match(/"a"/g)).toHaveLength(10);
    expect(text).toContain('[Truncated]');
  });

  it('keeps the first 100 items of an array and says how many more there were', () => {
    const items = written(Array.from({ length: 250 }, (_, i) => i)) as unknown[];

    expect(items).toHaveLength(101);
    expect(items[100]).toBe('[150 more]');
  });

  it('keeps an array of 100 items whole, and says "[1 more]" of one of 101', () => {
    expect(written(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(100);
    expect((written(Array.from({ length: 101 }, (_, i) => i)) as unknown[])[100]).toBe('[1 more]');
  });

  it('keeps the first 100 bytes of a Buffer, in the shape of its toJSON', () => {
    const copy = written(Buffer.alloc(1 << 20, 7)) as { type: string; data: unknown[] };

    expect(copy.type).toBe('Buffer');
    expect(copy.data).toHaveLength(101);
    expect(copy.data[100]).toBe(`[${(1 << 20) - 100} more]`);
  });

  it('keeps the first 100 keys of an object and counts the others', () => {
    const value = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));

    const copy = written(value) as Record<string, unknown>;

    expect(Object.keys(copy)).toHaveLength(101);
    expect(copy['[more keys]']).toBe(50);
  });

  it('bounds a wide and deep value to about 64 KiB of output', () => {
    // A hundred keys a level that all share one child: 100^4 strings of 1,000 characters when written out in full.
    let value: unknown = 'x'.repeat(1_000);
    for (let depth = 0; depth < 4; depth++) {
      const child = value;
      value = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, child]));
    }

    const text = JSON.stringify(toLoggable(value));

    expect(text.length).toBeLessThan(80_000);
  });

  it('cuts a long string to 8 KiB', () => {
    expect((written('y'.repeat(100_000)) as string).length).toBe(8_193);
  });
});

describe('describeThrown', () => {
  it("gives an error's message", () => {
    expect(describeThrown(new RangeError('out of range'))).toBe('out of range');
  });

  it('gives a string as it is and other primitives as String would', () => {
    expect(describeThrown('plain')).toBe('plain');
    expect(describeThrown(42)).toBe('42');
    expect(describeThrown(undefined)).toBe('undefined');
    expect(describeThrown(Symbol('s'))).toBe('Symbol(s)');
    expect(describeThrown(10n)).toBe('10');
  });

  it('gives an object as the JSON of its loggable copy', () => {
    const value: Record<string, unknown> = { code: 7 };
    value.self = value;

    expect(describeThrown(value)).toBe('{"code":7,"self":"[Circular]"}');
  });

  it('never throws, for a revoked Proxy, an error whose message getter throws, or a function whose toString throws', () => {
    const error = new Error('placeholder');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('no');
      },
    });
    const fn = () => undefined;
    fn.toString = () => {
      throw new Error('no');
    };

    expect(describeThrown(revokedProxy())).toBe('[Unreadable]');
    expect(describeThrown(error)).toBe('[Unreadable]');
    expect(describeThrown(fn)).toBe('[Function]');
  });

  it('cuts a long description to 500 characters', () => {
    expect(describeThrown(new Error('z'.repeat(10_000)))).toHaveLength(501);
  });
});
