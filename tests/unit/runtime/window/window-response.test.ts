import { MAX_WINDOW_STATE_BYTES, WindowStateError, WindowStateTooLargeError } from 'shardline/windows';
import { windowResponse } from '../../../../src/runtime/window/window-response';

const OVERHEAD = '{"state":{"s":""},"batchItemFailures":[]}'.length;

describe('windowResponse', () => {
  it('puts the state first, as Lambda documents the response', () => {
    const response = windowResponse({ '1': 282 }, { batchItemFailures: [{ itemIdentifier: '7' }] });

    expect(JSON.stringify(response)).toBe('{"state":{"1":282},"batchItemFailures":[{"itemIdentifier":"7"}]}');
  });

  it('accepts a response of exactly the limit', () => {
    expect(() => windowResponse({ s: 'x'.repeat(100 - OVERHEAD) }, { batchItemFailures: [] }, 100)).not.toThrow();
  });

  it('refuses one byte more, with the size and the limit', () => {
    const act = () => windowResponse({ s: 'x'.repeat(101 - OVERHEAD) }, { batchItemFailures: [] }, 100);

    expect(act).toThrow(WindowStateTooLargeError);
    expect(act).toThrow("the tumbling window's response is 101 bytes of JSON, over the 100 bytes (1 MB) Lambda keeps for a window's state");
  });

  it('counts the failures with the state', () => {
    const act = () => windowResponse({ s: 'x'.repeat(100 - OVERHEAD) }, { batchItemFailures: [{ itemIdentifier: '1' }] }, 100);

    expect(act).toThrow(WindowStateTooLargeError);
  });

  it('counts UTF-8 bytes: two-byte characters fill the limit at half the length', () => {
    const act = () => windowResponse({ s: 'é'.repeat(60) }, { batchItemFailures: [] }, 100);

    expect(act).toThrow(WindowStateTooLargeError);
  });

  it('is 1 MiB by default', () => {
    expect(MAX_WINDOW_STATE_BYTES).toBe(1_048_576);
  });

  it('refuses a state with a cycle, which JSON cannot write', () => {
    const state: Record<string, unknown> = {};
    state.self = state;

    expect(() => windowResponse(state, { batchItemFailures: [] })).toThrow(WindowStateError);
  });
});
