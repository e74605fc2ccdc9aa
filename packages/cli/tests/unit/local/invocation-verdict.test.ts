import { judgeInvocation } from '../../../src/local/invocation-verdict';

const sequenceNumbers = [
  '49590338271490256608559692538361571095921575989136588801',
  '49590338271490256608559692538361571095921575989136588802',
  '49590338271490256608559692538361571095921575989136588803',
];
const reporting = { reportBatchItemFailures: true, timeoutMs: 3_000 };
const notReporting = { reportBatchItemFailures: false, timeoutMs: 3_000 };

describe('judgeInvocation', () => {
  it('judges a handler that returned nothing a success', () => {
    expect(judgeInvocation({ kind: 'returned', value: undefined }, sequenceNumbers, reporting)).toEqual({ kind: 'success', ignoredFailures: 0 });
  });

  it('judges an empty batchItemFailures a success', () => {
    expect(judgeInvocation({ kind: 'returned', value: { batchItemFailures: [] } }, sequenceNumbers, reporting)).toEqual({
      kind: 'success',
      ignoredFailures: 0,
    });
  });

  it('checkpoints before the lowest reported record of a partial batch response', () => {
    // Prepare: the handler reports the third record, then the second.
    const response = { batchItemFailures: [{ itemIdentifier: sequenceNumbers[2] }, { itemIdentifier: sequenceNumbers[1] }] };

    // Act
    const verdict = judgeInvocation({ kind: 'returned', value: response }, sequenceNumbers, reporting);

    // Assert
    expect(verdict).toEqual({
      kind: 'partial',
      failedIndex: 1,
      sequenceNumber: sequenceNumbers[1],
      message: `2 record(s) reported failed; checkpoint before ${sequenceNumbers[1]}, 2 record(s) to redeliver`,
    });
  });

  it('fails the whole batch on an identifier that is not in it', () => {
    const verdict = judgeInvocation({ kind: 'returned', value: { batchItemFailures: [{ itemIdentifier: '7' }] } }, sequenceNumbers, reporting);

    expect(verdict).toMatchObject({ kind: 'failed', reason: 'invalid-response' });
    expect(verdict.kind === 'failed' && verdict.message).toMatch(/^invalid batch response: /);
  });

  it('ignores reported failures without ReportBatchItemFailures, and counts them', () => {
    const response = { batchItemFailures: [{ itemIdentifier: sequenceNumbers[0] }, { itemIdentifier: 'anything' }] };

    expect(judgeInvocation({ kind: 'returned', value: response }, sequenceNumbers, notReporting)).toEqual({ kind: 'success', ignoredFailures: 2 });
  });

  it('fails the whole batch when the handler threw, keeping the error', () => {
    // Prepare
    const error = new TypeError('no such table');

    // Act
    const verdict = judgeInvocation({ kind: 'threw', error }, sequenceNumbers, reporting);

    // Assert
    expect(verdict).toEqual({ kind: 'failed', reason: 'function-error', error, message: 'TypeError: no such table' });
  });

  it('turns a thrown value that is not an Error into one', () => {
    const verdict = judgeInvocation({ kind: 'threw', error: 'boom' }, sequenceNumbers, notReporting);

    expect(verdict).toMatchObject({ kind: 'failed', reason: 'function-error', message: 'Error: boom' });
    expect(verdict.kind === 'failed' && verdict.error).toBeInstanceOf(Error);
  });

  it('fails the whole batch on a timeout, in the words Lambda uses', () => {
    expect(judgeInvocation({ kind: 'timeout' }, sequenceNumbers, { reportBatchItemFailures: true, timeoutMs: 2_500 })).toEqual({
      kind: 'failed',
      reason: 'timeout',
      message: 'Task timed out after 2.50 seconds',
    });
  });

  describe('with a tumbling window', () => {
    const windowed = { ...reporting, tumblingWindow: true };

    it('fails an invocation whose response has no state, as Lambda does', () => {
      const verdict = judgeInvocation({ kind: 'returned', value: { batchItemFailures: [] } }, sequenceNumbers, windowed);

      expect(verdict).toEqual({
        kind: 'failed',
        reason: 'invalid-response',
        message: 'the response has no state: with a tumbling window, Lambda counts that as a failed invocation',
      });
    });

    it('fails an invocation that returned nothing', () => {
      expect(judgeInvocation({ kind: 'returned', value: undefined }, sequenceNumbers, windowed)).toMatchObject({ kind: 'failed', reason: 'invalid-response' });
    });

    it('requires the state without ReportBatchItemFailures too', () => {
      expect(judgeInvocation({ kind: 'returned', value: {} }, sequenceNumbers, { ...notReporting, tumblingWindow: true })).toMatchObject({ kind: 'failed' });
    });

    it('fails an invocation whose state is not a JSON object', () => {
      const verdict = judgeInvocation({ kind: 'returned', value: { state: [] } }, sequenceNumbers, windowed);

      expect(verdict).toMatchObject({ kind: 'failed', reason: 'invalid-response', message: 'invalid window state: state is an array, not a JSON object' });
    });

    it('keeps the state of a success', () => {
      const verdict = judgeInvocation({ kind: 'returned', value: { state: { sum: 6 }, batchItemFailures: [] } }, sequenceNumbers, windowed);

      expect(verdict).toEqual({ kind: 'success', ignoredFailures: 0, windowState: { state: { sum: 6 }, bytes: 9 } });
    });

    it('keeps the state returned with a partial batch response', () => {
      // Prepare: the state covers the first record, the one before the failure.
      const response = { state: { sum: 1 }, batchItemFailures: [{ itemIdentifier: sequenceNumbers[1] }] };

      // Act
      const verdict = judgeInvocation({ kind: 'returned', value: response }, sequenceNumbers, windowed);

      // Assert
      expect(verdict).toMatchObject({ kind: 'partial', failedIndex: 1, windowState: { state: { sum: 1 } } });
    });

    it('answers a final invocation without records with its state', () => {
      expect(judgeInvocation({ kind: 'returned', value: { state: {} } }, [], windowed)).toEqual({
        kind: 'success',
        ignoredFailures: 0,
        windowState: { state: {}, bytes: 2 },
      });
    });
  });
});
