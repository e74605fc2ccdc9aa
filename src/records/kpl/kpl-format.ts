/**
 * Constants of the KPL aggregated record format, shared by the decoder and the test encoder so the
 * two can never disagree about the framing.
 *
 * Format: https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md
 */

/**
 * The four bytes that open every KPL aggregate.
 *
 * @example
 * bytes[0] === KPL_MAGIC[0] && bytes[1] === KPL_MAGIC[1]; // start of the check isKplAggregate makes
 */
export const KPL_MAGIC: readonly number[] = Object.freeze([0xf3, 0x89, 0x9a, 0xc2]);

/**
 * Length of the MD5 digest of the protobuf message that closes every KPL aggregate.
 *
 * @example
 * const protobufEnd = bytes.length - KPL_DIGEST_BYTES;
 */
export const KPL_DIGEST_BYTES = 16;

/**
 * The shortest possible aggregate: magic (4 bytes), an empty protobuf message, digest (16 bytes).
 *
 * @example
 * if (bytes.length < KPL_MIN_BYTES) return false;
 */
export const KPL_MIN_BYTES = 20;

/**
 * Protobuf wire types (the low three bits of a field's tag). A `const enum`, internal to the
 * decoder: the compilers (tsc and esbuild) write the numbers in place, where an object's
 * properties would each cost a lookup, and their names bytes in every bundle.
 *
 * @example
 * const tag = (3 << 3) | WireType.lengthDelimited; // 0x1a: field 3, length-delimited
 */
export const enum WireType {
  varint = 0,
  fixed64 = 1,
  lengthDelimited = 2,
  startGroup = 3,
  endGroup = 4,
  fixed32 = 5,
}
