import { binaryCodec } from '../../../../src/records/codecs/binary.codec';
import { codecContract } from 'shardline/testing';

codecContract('binary', binaryCodec, {
  valid: [
    { name: 'arbitrary bytes', bytes: Uint8Array.of(0x00, 0xff, 0x7f, 0x80), expected: Buffer.from([0x00, 0xff, 0x7f, 0x80]) },
    { name: 'UTF-8 text, kept as bytes', bytes: 'héllo', expected: Buffer.from('héllo', 'utf8') },
  ],
  // Every byte sequence is valid binary.
  invalid: [],
  empty: { expected: Buffer.alloc(0) },
});
