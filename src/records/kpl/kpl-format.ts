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
 * The shortest possible aggregate: magic, an empty protobuf message, digest.
 *
 * @example
 * if (bytes.length < KPL_MIN_BYTES) return false;
 */
export const KPL_MIN_BYTES = KPL_MAGIC.length + KPL_DIGEST_BYTES;

/**
 * Field numbers of the `AggregatedRecord`, `Record` and `Tag` protobuf messages.
 *
 * @example
 * if (fieldNumber === KplField.records) readRecord(reader);
 */
export const KplField = {
  /** `AggregatedRecord.partition_key_table`, repeated string. */
  partitionKeyTable: 1,
  /** `AggregatedRecord.explicit_hash_key_table`, repeated string. */
  explicitHashKeyTable: 2,
  /** `AggregatedRecord.records`, repeated `Record`. */
  records: 3,
  /** `Record.partition_key_index`, required uint64. */
  partitionKeyIndex: 1,
  /** `Record.explicit_hash_key_index`, optional uint64. */
  explicitHashKeyIndex: 2,
  /** `Record.data`, required bytes. */
  data: 3,
  /** `Record.tags`, repeated `Tag`. */
  tags: 4,
  /** `Tag.key`, required string. */
  tagKey: 1,
  /** `Tag.value`, optional string. */
  tagValue: 2,
} as const;

/**
 * Protobuf wire types (the low three bits of a field's tag).
 *
 * @example
 * const tag = (KplField.data << 3) | WireType.lengthDelimited; // 0x1a
 */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;
