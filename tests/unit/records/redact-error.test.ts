import { errorName, isStackOverflow, redactError } from '../../../src/records/redact-error';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('redactError', () => {
  it('keeps the class, the name and the stack frames of a SyntaxError, and none of its message', () => {
    const original = thrownBy(() => JSON.parse('{"card": secret-4242}')) as SyntaxError;

    const redacted = redactError(original, 'invalid JSON');

    expect(redacted).toBeInstanceOf(SyntaxError);
    expect(redacted).toMatchObject({ name: 'SyntaxError', message: 'invalid JSON' });
    expect(redacted.stack).toMatch(/^SyntaxError: invalid JSON\n {4}at JSON\.parse/);
    expect(redacted.stack).not.toContain('secret');
  });

  it("keeps a user error's name on a plain Error", () => {
    class ZodError extends Error {
      override name = 'ZodError';
    }

    const redacted = redactError(new ZodError('expected "a", received "secret"'), 'the codec failed');

    expect(redacted).toBeInstanceOf(Error);
    expect(redacted).toMatchObject({ name: 'ZodError', message: 'the codec failed' });
    expect(redacted.stack).toMatch(/^ZodError: the codec failed\n {4}at /);
    expect(redacted.stack).not.toContain('secret');
  });

  it('drops the frames when the message spans lines that could pass for frames', () => {
    const original = new TypeError('bad value\n    at secret (file.js:1:1)');
    original.stack = 'TypeError: bad value\n    at secret (file.js:1:1)\n    at real (real.js:2:2)';
    Object.defineProperty(original, 'message', { value: 'changed later' });

    const redacted = redactError(original, 'redacted');

    expect(redacted.stack).not.toContain('secret');
  });

  it('describes a thrown value that is not an error by its type, and survives throwing getters', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('getter');
        },
      },
    );

    expect(redactError('secret text', 'failed')).toMatchObject({ name: 'string', message: 'failed' });
    expect(redactError(hostile, 'failed')).toMatchObject({ name: 'Error', message: 'failed' });
    expect(redactError(null, 'failed').stack).not.toContain('secret');
  });
});

describe('errorName', () => {
  it('cuts a name to 64 characters', () => {
    const error = new Error('x');
    error.name = 'N'.repeat(100);

    expect(errorName(error)).toBe('N'.repeat(64));
  });
});

describe('isStackOverflow', () => {
  it("tells V8's stack overflow from other RangeErrors", () => {
    const recurse = (): number => recurse() + 1;

    expect(isStackOverflow(thrownBy(recurse))).toBe(true);
    expect(isStackOverflow(new RangeError('Invalid array length'))).toBe(false);
  });
});
