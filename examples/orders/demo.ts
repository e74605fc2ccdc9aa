/**
 * `npm start`: the orders example end to end with nothing but Node. An embedded Kinesis, a 4-shard
 * stream, 10,000 order events over a few hundred customers (some invalid, some failing once), the
 * local runner with Lambda's semantics until the stream is drained, and an audit: nothing lost,
 * every customer's events in order.
 */
import { runDemo, type DemoResult } from './demo/run-demo';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.log('\nstopping...');
    controller.abort();
  });
  console.log("shardline demo: the orders example on a local Kinesis stream, with Lambda's polling, checkpoints and retries\n");
  const result = await runDemo({
    records: 10_000,
    customers: 300,
    shards: 4,
    batchSize: 100,
    pollIntervalMs: 200,
    seed: 7,
    signal: controller.signal,
    log: (line) => console.log(line),
  });
  if (controller.signal.aborted) return 130;
  print(result);
  return result.lost === 0 && result.orderViolations === 0 ? 0 : 1;
}

function print(result: DemoResult): void {
  const { runner } = result;
  const rows: Array<[string, string]> = [
    ['records put', `${result.put} (${result.invalid} invalid, ${result.transientFailures} failing once)`],
    ['records processed', `${runner.recordsProcessed} checkpointed, in ${runner.invocations} invocations`],
    ['retried', `${runner.retries} batches retried, ${runner.recordsRedelivered} records redelivered`],
    ['quarantined', `${result.quarantined} of ${result.invalid} invalid records`],
    ['duplicates delivered', `${result.duplicates} writes of events already written (at-least-once)`],
    ['lost', `${result.lost}`],
    ['per-key order violations', `${result.orderViolations}`],
    ['time', `${(result.totalMs / 1000).toFixed(1)} s (embedded Kinesis start ${(result.startMs / 1000).toFixed(1)} s)`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('\nsummary');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  console.log(result.lost === 0 && result.orderViolations === 0 ? '\nnothing lost, every customer in order.' : '\nFAILED: records were lost or reordered.');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(1);
  },
);
