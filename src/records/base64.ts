import { DecodeStage, RecordDecodeError, type RecordLocation } from '../errors';

/**
 * Decodes base64 and refuses text that is not base64. Node's decoder skips characters it does not
 * know; comparing the decoded length with the length the text implies catches that in O(1),
 * without a per-character scan.
 *
 * @example
 * decodeBase64('aGVsbG8=', location).toString(); // 'hello'
 */
export function decodeBase64(text: string, location: RecordLocation): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== Buffer.byteLength(text, 'base64') || text.length % 4 === 1) {
    throw new RecordDecodeError(location, DecodeStage.base64, 'kinesis.data is not valid base64');
  }
  return bytes;
}
