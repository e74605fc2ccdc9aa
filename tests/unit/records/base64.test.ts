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
