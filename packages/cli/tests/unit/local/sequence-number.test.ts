import { compareSequenceNumbers, isSequenceNumber } from '../../../src/local/sequence-number';

describe('compareSequenceNumbers', () => {
  it('orders 56-digit numbers that Number cannot tell apart', () => {
    const a = '49590338271490256608559692538361571095921575989136588898';
    const b = '49590338271490256608559692538361571095921575989136588899';
    expect([compareSequenceNumbers(a, b), compareSequenceNumbers(b, a), compareSequenceNumbers(a, a)]).toEqual([-1, 1, 0]);
  });

  it('orders by value, not by string length or text', () => {
    expect(compareSequenceNumbers('9', '10')).toBe(-1);
  });
});

describe('isSequenceNumber', () => {
  it('accepts decimal digit strings and rejects everything else', () => {
    expect(['123', '', '12a', 12, null, ' 1'].map(isSequenceNumber)).toEqual([true, false, false, false, false, false]);
  });
});
