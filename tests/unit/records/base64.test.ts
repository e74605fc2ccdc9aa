import fc from 'fast-check';
import { decodeBase64 } from '../../../src/records/base64';

describe('decodeBase64', () => {
  it('decodes padded base64', () => {
    expect(decodeBase64('aGVsbG8=')?.toString()).toBe('hello');
  });

  it('decodes an empty string to no bytes', () => {
    expect(decodeBase64('')).toHaveLength(0);
  });

  it.each([['aGVs*G8='], ['aGVsbG8!'], ['aGVsbG8=aGVs'], ['a'], ['a GVsbG8=']])('refuses %p as not valid base64', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('decodeBase64 on any bytes', () => {
  it('gives back the bytes of their base64, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, unpadded) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(decodeBase64(unpadded ? text.replace(/=+$/, '') : text)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('refuses their base64 with a character that is not base64 put anywhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.constantFrom('!', ' ', '*', '\n', '.'), (bytes, at, bad) => {
        const text = Buffer.from(bytes).toString('base64');
        const position = at % (text.length + 1);
        expect(decodeBase64(text.slice(0, position) + bad + text.slice(position))).toBeUndefined();
      }),
    );
  });
});
