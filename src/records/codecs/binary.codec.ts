import type { Codec } from './codec.js';

/**
 * The bytes as they are, for payloads a route decodes itself (Avro, Protobuf, images).
 *
 * @example
 * \@OnPartitionKey(/^sensor-/, { codec: 'binary' })
 * reading(bytes: Buffer) {}
 */
export const binaryCodec: Codec<Buffer> = Object.freeze({
  name: 'binary',
  decode: (data: Buffer): Buffer => data,
});
