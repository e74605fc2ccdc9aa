/// <reference types="jest" />
// The reference gives this file the Jest globals' types at build time; TypeScript 5.5+ does not
// copy it into the emitted .d.ts, so users of shardline/testing without @types/jest are unaffected.
import { inspect, types } from 'node:util';
import type { Codec } from '../records/codecs/codec.js';
import { createStreamRecord, type StreamRecord } from '../records/stream-record.js';
import { kinesisRecord } from './kinesis-event.factory.js';

/**
 * A sample the codec must decode. `bytes` given as a string is encoded as UTF-8.
 *
 * @example
 * const sample: CodecSample<unknown> = { name: 'an object', bytes: '{"a":1}', expected: { a: 1 } };
 */
export interface CodecSample<T> {
  /** Shown in the test's name; defaults to the sample's position. */
  readonly name?: string;
  readonly bytes: Uint8Array | string;
  readonly expected: T;
}

/**
 * A sample the codec must reject by throwing an `Error`.
 *
 * @example
 * const bad: InvalidCodecSample = { name: 'truncated JSON', bytes: '{"a":' };
 */
export interface InvalidCodecSample {
  readonly name?: string;
  readonly bytes: Uint8Array | string;
}

/**
 * What a codec is held to by `codecContract`: samples it decodes, samples it rejects, and what
 * it does with empty input (`'throws'`, or `{ expected }` for the value it decodes it to).
 *
 * @example
 * const cases: CodecContractCases<string> = {
 *   valid: [{ bytes: 'héllo', expected: 'héllo' }],
 *   invalid: [{ name: 'a lone continuation byte', bytes: Uint8Array.of(0x80) }],
 *   empty: { expected: '' },
 * };
 */
export interface CodecContractCases<T> {
  /** At least one. */
  readonly valid: ReadonlyArray<CodecSample<T>>;
  /** Inputs that must throw. Give at least one unless the codec accepts any bytes (like `binary`). */
  readonly invalid: readonly InvalidCodecSample[];
  readonly empty: 'throws' | { readonly expected: T };
}

/** Bytes around a sample in the subarray test: invalid UTF-8, invalid JSON, a reserved MessagePack byte. */
const PADDING = Uint8Array.of(0xc1, 0xff, 0x00, 0x7b, 0x22);

/**
 * Registers the contract every codec, built-in or yours, should meet, as a Jest `describe` block
 * (Vitest with `globals: true` works too). For each valid sample the codec decodes it to the
 * expected value (compared with `toStrictEqual`), does so the same way twice, leaves the input
 * bytes unchanged, and reads a `Buffer` that is a subarray of a bigger one (byte offset not 0)
 * without looking outside it. Each invalid sample throws an `Error` rather than returning
 * something. Empty input behaves as `cases.empty` declares. `decode` is synchronous and the codec
 * has a name.
 *
 * Call it at the top level of a test file, not inside a test.
 *
 * @throws Error when the test globals `describe`, `it` and `expect` are missing, or `cases` has no valid sample.
 * @example
 * import { codecContract } from 'shardline/testing';
 * import { msgpackCodec } from './msgpack.codec';
 *
 * codecContract('msgpack', msgpackCodec, {
 *   valid: [{ name: 'a map', bytes: pack({ a: 1 }), expected: { a: 1 } }],
 *   invalid: [{ name: 'a truncated map', bytes: Uint8Array.of(0x81, 0xa1, 0x61) }],
 *   empty: 'throws',
 * });
 */
export function codecContract<T>(name: string, codec: Codec<T>, cases: CodecContractCases<T>): void {
  if (typeof describe !== 'function' || typeof it !== 'function' || typeof expect !== 'function') {
    throw new Error('codecContract registers tests with the global describe, it and expect of Jest (or Vitest with globals: true); call it from a test file');
  }
  if (cases.valid.length === 0) throw new Error(`codecContract(${JSON.stringify(name)}): give at least one valid sample`);
  const valid = cases.valid.map((sample, i) => ({ ...sample, label: sample.name ?? `valid sample ${i + 1}` }));
  const invalid = cases.invalid.map((sample, i) => ({ ...sample, label: sample.name ?? `invalid sample ${i + 1}` }));

  describe(`codec contract: ${name}`, () => {
    it('has a non-empty name', () => {
      expect(typeof codec.name).toBe('string');
      expect(codec.name.length).toBeGreaterThan(0);
    });

    describe.each(valid)('on $label', (sample) => {
      it('decodes it to the expected value', () => {
        const bytes = toBuffer(sample.bytes);

        const value = codec.decode(bytes, recordOf(bytes));

        expect(value).toStrictEqual(sample.expected);
      });

      it('decodes synchronously, never to a promise', () => {
        const bytes = toBuffer(sample.bytes);

        const value: unknown = codec.decode(bytes, recordOf(bytes));

        expect(isThenable(value)).toBe(false);
      });

      it('decodes it to the same value every time', () => {
        const once = toBuffer(sample.bytes);
        const again = toBuffer(sample.bytes);
        const first = codec.decode(once, recordOf(once));

        const second = codec.decode(again, recordOf(again));

        expect(second).toStrictEqual(first);
      });

      it('leaves the input bytes unchanged', () => {
        const bytes = toBuffer(sample.bytes);
        const before = Buffer.from(bytes);

        codec.decode(bytes, recordOf(bytes));

        expect(bytes.equals(before)).toBe(true);
      });

      it('decodes it from a subarray of a bigger buffer, reading nothing outside it', () => {
        const content = toBuffer(sample.bytes);
        const bigger = Buffer.concat([PADDING, content, PADDING]);
        const bytes = bigger.subarray(PADDING.length, PADDING.length + content.length);

        const value = codec.decode(bytes, recordOf(bytes));

        expect(bytes.byteOffset).not.toBe(0);
        expect(value).toStrictEqual(sample.expected);
      });
    });

    if (invalid.length > 0) {
      describe.each(invalid)('on $label', (sample) => {
        it('throws an Error instead of returning a value', () => {
          const bytes = toBuffer(sample.bytes);

          const outcome = outcomeOf(() => codec.decode(bytes, recordOf(bytes)));

          expect(outcome).toBe(THREW_AN_ERROR);
        });

        it('leaves the input bytes unchanged', () => {
          const bytes = toBuffer(sample.bytes);
          const before = Buffer.from(bytes);

          outcomeOf(() => codec.decode(bytes, recordOf(bytes)));

          expect(bytes.equals(before)).toBe(true);
        });
      });
    }

    const empty = cases.empty;
    if (empty === 'throws') {
      it('throws an Error on empty input, as declared', () => {
        const bytes = Buffer.alloc(0);

        const outcome = outcomeOf(() => codec.decode(bytes, recordOf(bytes)));

        expect(outcome).toBe(THREW_AN_ERROR);
      });
    } else {
      it('decodes empty input to the declared value', () => {
        const bytes = Buffer.alloc(0);

        const value = codec.decode(bytes, recordOf(bytes));

        expect(value).toStrictEqual(empty.expected);
      });
    }
  });
}

/**
 * A fresh copy every time, so one test's codec cannot change another test's input, in memory of
 * its own (offset 0; `Buffer.from` would slice a shared pool), so only the subarray test tests offsets.
 */
function toBuffer(bytes: Uint8Array | string): Buffer {
  const source = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const copy = Buffer.alloc(source.length);
  copy.set(source);
  return copy;
}

function recordOf(data: Buffer): StreamRecord {
  const raw = kinesisRecord({ data, partitionKey: 'codec-contract' });
  return createStreamRecord(raw, raw.kinesis.partitionKey, undefined, undefined, data);
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

const THREW_AN_ERROR = 'threw an Error';

/**
 * What `action` did, in words, so a failed expectation says what happened instead. Errors from
 * Node itself (TextDecoder's TypeError) come from another realm than Jest's sandbox, where
 * `instanceof Error` is false, hence `isNativeError`.
 */
function outcomeOf(action: () => unknown): string {
  try {
    return `returned ${inspect(action(), { depth: 2 })}`;
  } catch (error) {
    return error instanceof Error || types.isNativeError(error) ? THREW_AN_ERROR : `threw ${inspect(error)}, which is not an Error`;
  }
}
