import { textCodec } from '../../../../src/records/codecs/text.codec';
import { codecContract } from 'shardline/testing';

codecContract('text', textCodec, {
  valid: [
    { name: 'ASCII', bytes: 'GET /health 200', expected: 'GET /health 200' },
    { name: 'two- to four-byte characters', bytes: 'Zoë · 注文 · 🚀', expected: 'Zoë · 注文 · 🚀' },
    { name: 'text that looks like JSON', bytes: '{"a":1}', expected: '{"a":1}' },
  ],
  invalid: [
    { name: 'a 0xFF byte', bytes: Uint8Array.of(0x61, 0xff) },
    { name: 'a lone continuation byte', bytes: Uint8Array.of(0x80) },
    { name: 'a truncated three-byte sequence', bytes: Uint8Array.of(0xe2, 0x82) },
    { name: 'an overlong encoding of "/"', bytes: Uint8Array.of(0xc0, 0xaf) },
    { name: 'an encoded UTF-16 surrogate', bytes: Uint8Array.of(0xed, 0xa0, 0x80) },
  ],
  empty: { expected: '' },
});
