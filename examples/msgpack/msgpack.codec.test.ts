import { Packr, pack } from 'msgpackr';
// Import from 'shardline/testing' once it exports codecContract.
import { codecContract } from 'shardline/testing';
import { msgpackCodec } from './msgpack.codec';

const plain = new Packr({ useRecords: false });

codecContract('msgpack', msgpackCodec, {
  valid: [
    {
      name: 'a map',
      bytes: plain.pack({ type: 'reading', deviceId: 'd-1', celsius: 21.5, at: 1_764_000_000_000 }),
      expected: { type: 'reading', deviceId: 'd-1', celsius: 21.5, at: 1_764_000_000_000 },
    },
    { name: 'a map written with msgpackr records (its default)', bytes: pack({ a: 1, b: [true, null] }), expected: { a: 1, b: [true, null] } },
    { name: 'non-ASCII strings', bytes: plain.pack({ name: 'Zoë 🚀 注文' }), expected: { name: 'Zoë 🚀 注文' } },
    { name: 'binary data', bytes: plain.pack({ blob: Buffer.from([0, 1, 255]) }), expected: { blob: Buffer.from([0, 1, 255]) } },
    { name: 'a bare integer', bytes: Uint8Array.of(0x2a), expected: 42 },
  ],
  invalid: [
    { name: 'a truncated map', bytes: Uint8Array.of(0x82, 0xa1, 0x61) },
    { name: 'a truncated string', bytes: Uint8Array.of(0xa5, 0x61, 0x62) },
    { name: 'trailing bytes after the value', bytes: Uint8Array.of(0x01, 0x02) },
    { name: 'the reserved byte 0xC1', bytes: Uint8Array.of(0xc1) },
    { name: 'the reserved byte 0xC1 inside a map', bytes: Uint8Array.of(0x81, 0xa1, 0x61, 0x91, 0xc1) },
    { name: 'an unknown extension type', bytes: Uint8Array.of(0xd4, 0x05, 0x00) },
  ],
  empty: 'throws',
});
