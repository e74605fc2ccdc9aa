import type { Codec } from '../../../../src/records/codecs/codec';
import { codecContract, type CodecContractCases } from '../../../../src/testing/codec-contract';

type TestFn = () => void;

/**
 * Runs `codecContract` against fake `describe`/`it` globals and returns the tests it registered by
 * full name, so each can be run here and seen to pass or fail.
 */
function registeredTests(register: () => void): Map<string, TestFn> {
  const tests = new Map<string, TestFn>();
  const path: string[] = [];
  const fakeDescribe = Object.assign(
    (name: string, body: () => void) => {
      path.push(name);
      body();
      path.pop();
    },
    {
      each: (rows: Array<Record<string, unknown>>) => (title: string, body: (row: Record<string, unknown>) => void) => {
        for (const row of rows)
          fakeDescribe(
            title.replace(/\$(\w+)/g, (_, key: string) => String(row[key])),
            () => body(row),
          );
      },
    },
  );
  const fakeIt = (name: string, body: TestFn) => tests.set([...path, name].join(' > '), body);
  const saved = { describe: globalThis.describe, it: globalThis.it };
  Object.assign(globalThis, { describe: fakeDescribe, it: fakeIt });
  try {
    register();
  } finally {
    Object.assign(globalThis, saved);
  }
  return tests;
}

/** Names of the registered tests that throw when run. */
function failing(tests: Map<string, TestFn>): string[] {
  const failed: string[] = [];
  for (const [name, body] of tests) {
    try {
      body();
    } catch {
      failed.push(name);
    }
  }
  return failed;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const strictText: Codec<string> = { name: 'strict-text', decode: (data) => utf8.decode(data) };
const cases: CodecContractCases<string> = {
  valid: [{ name: 'greeting', bytes: 'héllo', expected: 'héllo' }],
  invalid: [{ name: 'bad byte', bytes: Uint8Array.of(0xff) }],
  empty: { expected: '' },
};

function failuresOf(codec: Codec<string>, overrides: Partial<CodecContractCases<string>> = {}): string[] {
  return failing(registeredTests(() => codecContract('probe', codec, { ...cases, ...overrides })));
}

describe('codecContract', () => {
  it('registers tests that all pass for a codec that keeps the contract', () => {
    const tests = registeredTests(() => codecContract('probe', strictText, cases));

    const failed = failing(tests);

    expect(tests.size).toBe(9);
    expect(failed).toEqual([]);
  });

  it('fails a codec that decodes a sample to another value', () => {
    const upper: Codec<string> = { name: 'upper', decode: (data) => utf8.decode(data).toUpperCase() };

    const failed = failuresOf(upper);

    expect(failed).toContain('codec contract: probe > on greeting > decodes it to the expected value');
  });

  it('fails a codec that returns a substitute instead of throwing on bad input', () => {
    const lossy: Codec<string> = { name: 'lossy', decode: (data) => data.toString('utf8') };

    const failed = failuresOf(lossy);

    expect(failed).toEqual(['codec contract: probe > on bad byte > throws an Error instead of returning a value']);
  });

  it('fails a codec that throws something that is not an Error', () => {
    const throwsStrings: Codec<string> = {
      name: 'throws-strings',
      decode: (data) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the codec under test throws a string on purpose
        if (data.includes(0xff)) throw 'bad byte';
        return utf8.decode(data);
      },
    };

    const failed = failuresOf(throwsStrings);

    expect(failed).toEqual(['codec contract: probe > on bad byte > throws an Error instead of returning a value']);
  });

  it('fails a codec that reads outside the subarray it was given', () => {
    const wholeBuffer: Codec<string> = {
      name: 'whole-buffer',
      decode: (data) => utf8.decode(new Uint8Array(data.buffer, 0, data.byteOffset + data.length)),
    };

    const failed = failuresOf(wholeBuffer, { invalid: [] });

    expect(failed).toEqual(['codec contract: probe > on greeting > decodes it from a subarray of a bigger buffer, reading nothing outside it']);
  });

  it('fails a codec that changes its input bytes', () => {
    const scribbler: Codec<string> = {
      name: 'scribbler',
      decode: (data) => {
        const text = utf8.decode(data);
        data.fill(0x20);
        return text;
      },
    };

    const failed = failuresOf(scribbler, { invalid: [] });

    expect(failed).toEqual(['codec contract: probe > on greeting > leaves the input bytes unchanged']);
  });

  it('fails a codec that decodes the same bytes differently the second time', () => {
    let calls = 0;
    const drifting: Codec<string> = { name: 'drifting', decode: (data) => `${utf8.decode(data)}${calls++ % 2 === 0 ? '' : '!'}` };

    const failed = failuresOf(drifting, { valid: [{ name: 'greeting', bytes: 'héllo', expected: 'héllo' }], empty: 'throws', invalid: [] });

    expect(failed).toContain('codec contract: probe > on greeting > decodes it to the same value every time');
  });

  it('fails a codec that returns a promise', () => {
    const asynchronous = { name: 'async', decode: (data: Buffer) => Promise.resolve(utf8.decode(data)) } as unknown as Codec<string>;

    const failed = failuresOf(asynchronous, { invalid: [] });

    expect(failed).toContain('codec contract: probe > on greeting > decodes synchronously, never to a promise');
  });

  it('fails a codec whose empty input does not behave as declared', () => {
    const failed = failuresOf(strictText, { empty: 'throws' });

    expect(failed).toEqual(['codec contract: probe > throws an Error on empty input, as declared']);
  });

  it('fails a codec without a name', () => {
    const nameless: Codec<string> = { ...strictText, name: '' };

    const failed = failuresOf(nameless);

    expect(failed).toEqual(['codec contract: probe > has a non-empty name']);
  });

  it('refuses cases without a valid sample', () => {
    expect(() => registeredTests(() => codecContract('probe', strictText, { ...cases, valid: [] }))).toThrow('give at least one valid sample');
  });

  it('says what it needs when the test globals are missing', () => {
    const saved = globalThis.describe;
    Object.assign(globalThis, { describe: undefined });
    try {
      expect(() => codecContract('probe', strictText, cases)).toThrow('registers tests with the global describe, it and expect of Jest');
    } finally {
      Object.assign(globalThis, { describe: saved });
    }
  });
});
