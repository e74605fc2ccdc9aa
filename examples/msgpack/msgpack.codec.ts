import { C1, Unpackr } from 'msgpackr';
import type { Codec } from 'shardline';

// Plain objects for maps, and no shared record structures: each record decodes on its own.
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

/**
 * MessagePack, decoded with msgpackr: a user codec. msgpackr already throws on truncated data,
 * trailing bytes and unknown extensions; the one thing it lets through is the reserved byte 0xC1,
 * which it decodes to a placeholder instead of failing (the codec contract test caught that), so
 * the codec looks for the placeholder and throws.
 *
 * `__proto__` keys are safe: msgpackr renames them.
 *
 * @example
 * createHandler([Telemetry], { codec: msgpackCodec });
 */
export const msgpackCodec: Codec<unknown> = Object.freeze({
  name: 'msgpack',
  decode(data: Buffer): unknown {
    const value: unknown = unpackr.unpack(data);
    if (holdsReservedByte(value)) throw new Error('the data holds the reserved MessagePack byte 0xC1');
    return value;
  },
});

function holdsReservedByte(value: unknown): boolean {
  if (value === C1) return true;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) return value.some(holdsReservedByte);
  if (value instanceof Map) {
    for (const [key, item] of value) if (holdsReservedByte(key) || holdsReservedByte(item)) return true;
    return false;
  }
  return Object.values(value).some(holdsReservedByte);
}
