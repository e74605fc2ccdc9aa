/**
 * Compares two Kinesis sequence numbers. They are decimal strings of up to 56 digits, far beyond
 * `Number.MAX_SAFE_INTEGER`, so they are compared as BigInt.
 *
 * @example
 * compareSequenceNumbers('49590338271490256608559692538361571095921575989136588898', '2'); // 1
 */
export function compareSequenceNumbers(a: string, b: string): -1 | 0 | 1 {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether a value is a well-formed sequence number: a non-empty string of decimal digits.
 *
 * @example
 * isSequenceNumber('49590338271490256608559692538361571095921575989136588898'); // true
 */
export function isSequenceNumber(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9]{1,128}$/.test(value);
}
