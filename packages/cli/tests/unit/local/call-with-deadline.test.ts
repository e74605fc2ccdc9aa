import { callWithDeadline } from '../../../src/local/call-with-deadline';
import { createLambdaContext } from '../../../src/local/lambda-event';
import type { KinesisLambdaHandler } from '../../../src/local/types';

const fn = { functionName: 'orders', region: 'us-east-1', accountId: '000000000000' };
const event = { Records: [] };
/** Far enough that no answer in these tests comes late. */
const farDeadline = () => Date.now() + 60_000;

function call(handler: KinesisLambdaHandler, deadline = farDeadline()) {
  const { context, legacyResult } = createLambdaContext(fn, deadline);
  return callWithDeadline(handler, event, context, legacyResult, deadline);
}

describe('callWithDeadline', () => {
  it('answers with what a promise resolves to', async () => {
    await expect(call(() => Promise.resolve({ batchItemFailures: [] }))).resolves.toEqual({ kind: 'returned', value: { batchItemFailures: [] } });
  });

  it('answers with the rejection of a promise', async () => {
    const error = new Error('down');

    await expect(call(() => Promise.reject(error))).resolves.toEqual({ kind: 'threw', error });
  });

  it('answers with an error thrown synchronously', async () => {
    await expect(
      call(() => {
        throw new RangeError('bad');
      }),
    ).resolves.toEqual({ kind: 'threw', error: new RangeError('bad') });
  });

  it('answers with the value a synchronous handler without a callback returns', async () => {
    await expect(call(() => 'done')).resolves.toEqual({ kind: 'returned', value: 'done' });
  });

  it('waits for the callback of a handler that takes one', async () => {
    // Prepare: the callback comes after the handler returned.
    const handler: KinesisLambdaHandler = (_event, _context, callback) => {
      setImmediate(() => callback!(null, { batchItemFailures: [] }));
    };

    // Act / Assert
    await expect(call(handler)).resolves.toEqual({ kind: 'returned', value: { batchItemFailures: [] } });
  });

  it('reads an error passed to the callback as thrown', async () => {
    const error = new Error('via callback');
    const handler: KinesisLambdaHandler = (_event, _context, callback) => callback!(error);

    await expect(call(handler)).resolves.toEqual({ kind: 'threw', error });
  });

  it("answers through the context's legacy succeed", async () => {
    const handler: KinesisLambdaHandler = (_event, context) => {
      context.succeed({ batchItemFailures: [] });
      return new Promise(() => undefined);
    };

    await expect(call(handler)).resolves.toEqual({ kind: 'returned', value: { batchItemFailures: [] } });
  });

  it('times out a handler that never answers', async () => {
    await expect(call(() => new Promise(() => undefined), Date.now() - 1)).resolves.toEqual({ kind: 'timeout' });
  });

  it('times out an answer that comes after the deadline', async () => {
    await expect(call(() => 'too late', Date.now() - 1)).resolves.toEqual({ kind: 'timeout' });
  });
});
