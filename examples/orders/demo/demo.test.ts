import { runDemo } from './run-demo';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('the orders demo', () => {
  it('loses nothing and keeps every customer in order through invalid records and transient failures', async () => {
    // Act: the demo at a fifth of its size; runDemo starts and stops its own kinesis-local.
    const result = await runDemo({ records: 2_000, customers: 60, shards: 4, batchSize: 100, pollIntervalMs: 50, seed: 11 });

    // Assert
    expect(result.lost).toBe(0);
    expect(result.orderViolations).toBe(0);
    expect(result.invalid).toBeGreaterThan(0);
    expect(result.quarantined).toBe(result.invalid);
    expect(result.transientFailures).toBeGreaterThan(0);
    expect(result.runner.retries).toBeGreaterThanOrEqual(result.transientFailures);
    expect(result.runner.recordsProcessed).toBe(2_000);
    expect(result.written).toBe(2_000 - result.invalid);
  }, 60_000);
});
