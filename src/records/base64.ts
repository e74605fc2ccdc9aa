/**
 * Decodes base64, or returns `undefined` for text that is not base64. Node's decoder skips
 * characters it does not know; comparing the decoded length with the length the text implies
 * catches that in O(1), without a per-character scan.
 *
 * @example
 * decodeBase64('aGVsbG8=')?.toString(); // 'hello'
 * decodeBase64('not base64!'); // undefined
 */
export function decodeBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length !== Buffer.byteLength(text, 'base64') || text.length % 4 === 1 ? undefined : bytes;
}

/** The reason a record's data is refused when `decodeBase64` returns `undefined`. */
export const NOT_BASE64 = 'kinesis.data is not valid base64';
