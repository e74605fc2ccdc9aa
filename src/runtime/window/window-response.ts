/**
 * The response of a tumbling-window invocation, and the size Lambda allows it.
 *
 * Lambda keeps at most 1 MB of state per shard and, past that, ends the window early: the records
 * it holds would be folded into a state that is then dropped, and whether the state of the
 * invocation that went past is kept, cut or dropped is not documented. So an oversized state fails
 * the invocation here, with an error that says how large it was: Lambda retries the batch with the
 * state it holds, nothing is counted twice or lost without a word, and the operator sees why the
 * shard stopped (and shrinks the state: counts per key rather than lists of keys, a top-N, a sketch).
 * The whole response is measured, the failures with the state, as JSON in UTF-8: that is what
 * Lambda receives, and measuring more than the state alone errs on the side of the limit.
 */
import { WindowStateError, WindowStateTooLargeError } from '../../windows/errors.js';
import { errorName } from '../../records/redact-error.js';
import type { KinesisStreamBatchResponse, WindowState } from '../../types.js';

/**
 * The most a tumbling-window response may weigh, as JSON in UTF-8: Lambda's 1 MB of state.
 *
 * @example
 * const headroom = MAX_WINDOW_STATE_BYTES - Buffer.byteLength(JSON.stringify(report.response));
 */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/**
 * `{ state, batchItemFailures }`, in the order Lambda's documentation writes it, once its JSON is
 * known to be within `limit` bytes.
 *
 * @throws WindowStateError when the state cannot be written as JSON (a BigInt, a cycle);
 *   WindowStateTooLargeError when the response is larger than `limit`.
 * @example
 * windowResponse({ sum: 3 }, { batchItemFailures: [] }); // { state: { sum: 3 }, batchItemFailures: [] }
 */
export function windowResponse(state: WindowState, response: KinesisStreamBatchResponse, limit = MAX_WINDOW_STATE_BYTES): KinesisStreamBatchResponse {
  const withState: KinesisStreamBatchResponse = { state, batchItemFailures: response.batchItemFailures };
  let json: string;
  try {
    json = JSON.stringify(withState);
  } catch (error) {
    throw new WindowStateError(`the state cannot be written as JSON (${errorName(error)}); keep it to strings, numbers, booleans, null, arrays and objects`, {
      cause: error,
    });
  }
  // A string of n UTF-16 units is at most 3n bytes of UTF-8: most responses need no byte count.
  if (json.length * 3 > limit) {
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > limit) {
      throw new WindowStateTooLargeError(
        `the tumbling window's response is ${bytes} bytes of JSON, over the ${limit} bytes (1 MB) Lambda keeps for a window's state; ` +
          'the invocation fails rather than hand back a state Lambda would cut short or drop. Keep less in the state (counts or sums per key, a top-N), or use a shorter window',
        bytes,
        limit,
      );
    }
  }
  return withState;
}
