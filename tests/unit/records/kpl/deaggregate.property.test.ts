import fc from 'fast-check';
import { deaggregate, KplDecodeError, type KplSubRecord } from '../../../../src/records/kpl';
import { aggregateRecords, wrapKplAggregate, type KplUserRecord } from '../../../../src/testing/kpl-aggregate';

// Any Unicode text (no lone surrogates, which UTF-8 cannot carry), drawn from a small pool half the
// time so that keys repeat and the encoder's tables are exercised.
const text = fc.string({ unit: 'binary', maxLength: 24 });
const key = fc.oneof(text, fc.constantFrom('a', 'ключ-ü-🚀', '7', '340282366920938463463374607431768211455'));
const userRecord: fc.Arbitrary<KplUserRecord> = fc.record(
  {
    partitionKey: key,
    data: fc.oneof(fc.uint8Array({ maxLength: 200 }), text),
    explicitHashKey: key,
  },
  { requiredKeys: ['partitionKey', 'data'] },
);
const validAggregate = fc.array(userRecord, { minLength: 1, maxLength: 20 }).map((records) => aggregateRecords(records));

/** Either a KplDecodeError or well-formed sub-records whose data lies inside the input. */
function decodesOrRejectsCleanly(bytes: Buffer): void {
  let subRecords: KplSubRecord[];
  try {
    subRecords = deaggregate(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(KplDecodeError);
    return;
  }
  for (const { partitionKey, explicitHashKey, data } of subRecords) {
    expect(typeof partitionKey).toBe('string');
    expect(explicitHashKey === undefined || typeof explicitHashKey === 'string').toBe(true);
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.byteOffset + data.length).toBeLessThanOrEqual(bytes.byteOffset + bytes.length);
  }
}

describe('deaggregate properties', () => {
  it('decodes exactly the records the encoder was given', () => {
    fc.assert(
      fc.property(fc.array(userRecord, { maxLength: 30 }), (records) => {
        const subRecords = deaggregate(aggregateRecords(records));

        expect(subRecords).toEqual(
          records.map((record) => ({
            partitionKey: record.partitionKey,
            explicitHashKey: record.explicitHashKey,
            data: Buffer.from(record.data),
          })),
        );
      }),
    );
  });

  it('rejects every truncation of a valid aggregate with a KplDecodeError', () => {
    fc.assert(
      fc.property(
        validAggregate.chain((bytes) => fc.tuple(fc.constant(bytes), fc.integer({ min: 0, max: bytes.length - 1 }))),
        ([bytes, length]) => {
          expect(() => deaggregate(bytes.subarray(0, length))).toThrow(KplDecodeError);
        },
      ),
    );
  });

  it('rejects every single bit flip of a valid aggregate with a KplDecodeError', () => {
    fc.assert(
      fc.property(
        validAggregate.chain((bytes) => fc.tuple(fc.constant(bytes), fc.integer({ min: 0, max: bytes.length * 8 - 1 }))),
        ([bytes, bit]) => {
          const flipped = Buffer.from(bytes);
          flipped[bit >> 3] ^= 1 << (bit & 7);

          expect(() => deaggregate(flipped)).toThrow(KplDecodeError);
        },
      ),
    );
  });

  // The digest stops nearly all damage before the parser sees it, so these properties re-frame the
  // damaged message with a valid digest: that is what puts the protobuf parser itself under test.
  it('decodes or cleanly rejects a valid message with bits flipped and a recomputed digest', () => {
    fc.assert(
      fc.property(
        validAggregate.chain((bytes) => fc.tuple(fc.constant(bytes.subarray(4, bytes.length - 16)), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }))),
        ([message, bits]) => {
          const damaged = Buffer.from(message);
          for (const bit of bits) damaged[(bit >> 3) % damaged.length] ^= 1 << (bit & 7);

          decodesOrRejectsCleanly(wrapKplAggregate(damaged));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodes or cleanly rejects a valid message cut anywhere, with a recomputed digest', () => {
    fc.assert(
      fc.property(
        validAggregate.chain((bytes) => {
          const message = bytes.subarray(4, bytes.length - 16);
          return fc.tuple(fc.constant(message), fc.integer({ min: 0, max: message.length }));
        }),
        ([message, length]) => {
          decodesOrRejectsCleanly(wrapKplAggregate(message.subarray(0, length)));
        },
      ),
    );
  });

  it('decodes or cleanly rejects arbitrary bytes framed with a valid digest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (message) => {
        decodesOrRejectsCleanly(wrapKplAggregate(message));
      }),
      { numRuns: 1000 },
    );
  });
});
