import { countReportedFailures, interpretBatchResponse } from '../../../src/local/batch-response';

const SEQ = [
  '49590338271490256608559692538361571095921575989136588898',
  '49590338271490256608559692538361571095921575989136588899',
  '49590338271490256608559692540925702759324208523137515618',
];

describe('interpretBatchResponse', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a null batchItemFailures', { batchItemFailures: null }],
    ['an empty batchItemFailures', { batchItemFailures: [] }],
  ])('reads %s as complete success', (_label, response) => {
    // Act
    const outcome = interpretBatchResponse(response, SEQ);

    // Assert
    expect(outcome).toEqual({ kind: 'success' });
  });

  it('checkpoints at the lowest reported sequence number, compared as BigInt, whatever the order of the list', () => {
    // Prepare: the two last numbers differ only beyond Number precision.
    const response = { batchItemFailures: [{ itemIdentifier: SEQ[2] }, { itemIdentifier: SEQ[1] }] };

    // Act
    const outcome = interpretBatchResponse(response, SEQ);

    // Assert
    expect(outcome).toEqual({ kind: 'partial', failedIndex: 1, sequenceNumber: SEQ[1], reportedCount: 2, redeliveredCount: 2 });
  });

  it('counts as redelivered every record at or above the lowest reported sequence number, wherever it sits in the batch', () => {
    // Prepare: batch order 2, 0, 1 (a hand-written event); the handler reports SEQ[1].
    const batch = [SEQ[2], SEQ[0], SEQ[1]];

    // Act
    const outcome = interpretBatchResponse({ batchItemFailures: [{ itemIdentifier: SEQ[1] }] }, batch);

    // Assert: SEQ[2] and SEQ[1] come again; only SEQ[0] is checkpointed.
    expect(outcome).toMatchObject({ kind: 'partial', failedIndex: 2, sequenceNumber: SEQ[1], redeliveredCount: 2 });
  });

  it('distinguishes sequence numbers that are equal as Numbers', () => {
    // Prepare
    expect(Number(SEQ[0])).toBe(Number(SEQ[1]));

    // Act
    const outcome = interpretBatchResponse({ batchItemFailures: [{ itemIdentifier: SEQ[1] }] }, SEQ);

    // Assert
    expect(outcome).toMatchObject({ kind: 'partial', failedIndex: 1 });
  });

  it.each([
    ['an empty string identifier', { batchItemFailures: [{ itemIdentifier: '' }] }, /empty string/],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }, /null/],
    ['a misspelt key', { batchItemFailures: [{ itemIdentifer: SEQ[0] }] }, /missing/],
    ['a numeric identifier', { batchItemFailures: [{ itemIdentifier: 12 }] }, /number/],
    ['an identifier that is not in the batch', { batchItemFailures: [{ itemIdentifier: '42' }] }, /not a sequence number of this batch/],
    ['an identifier that is not a number', { batchItemFailures: [{ itemIdentifier: 'abc' }] }, /not a sequence number/],
    ['a null entry', { batchItemFailures: [null] }, /missing/],
    ['batchItemFailures that is not an array', { batchItemFailures: 'all' }, /not an array/],
    ['a string response', 'ok', /not an object/],
    ['an array response', [], /not an object/],
  ])('reads %s as an invalid response (a whole-batch failure)', (_label, response, reason) => {
    // Act
    const outcome = interpretBatchResponse(response, SEQ);

    // Assert
    expect(outcome.kind).toBe('invalid-response');
    expect((outcome as { reason: string }).reason).toMatch(reason);
  });

  it('rejects the whole response when one identifier among valid ones is invalid', () => {
    // Act
    const outcome = interpretBatchResponse({ batchItemFailures: [{ itemIdentifier: SEQ[0] }, { itemIdentifier: '' }] }, SEQ);

    // Assert
    expect(outcome.kind).toBe('invalid-response');
  });
});

describe('countReportedFailures', () => {
  it('counts the entries of batchItemFailures', () => {
    expect(countReportedFailures({ batchItemFailures: [{ itemIdentifier: SEQ[0] }, { itemIdentifier: SEQ[1] }] })).toBe(2);
  });

  it('counts nothing for responses without a list', () => {
    expect([undefined, null, 'x', {}].map(countReportedFailures)).toEqual([0, 0, 0, 0]);
  });
});
