/**
 * Runs scenario A's batch `batches` times through one peer, for `bench/instructions.ts` to count
 * the instructions under valgrind. Not timed: instruction counts do not care about other tenants.
 *
 *   node probe-instructions.js <floor|checked-floor|shardline|shardline-async|shardline-by-key|shardline-observed|powertools> <records> <batches> [nested|flat]
 */
import 'reflect-metadata';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { createHandler } from 'shardline';
import { checkedFloorHandler } from '../fixtures/checked-floor';
import { floorHandler, powertoolsRecordHandler } from '../fixtures/floor';
import { orderEvent } from '../fixtures/orders';
import { AsyncOrders, Orders } from '../fixtures/raw-routes';
import { discardedMetrics, memoryTracing } from '../fixtures/observing';
import { silentLogger } from '../fixtures/silent-logger';
import { sink } from '../fixtures/work';

const [peer, records, batches, shape = 'nested'] = process.argv.slice(2);
if (shape !== 'nested' && shape !== 'flat') throw new Error(`unknown shape ${shape}: nested or flat`);
const event = orderEvent(Number(records), 500, 42, shape);
const processor = new BatchProcessor(EventType.KinesisDataStreams);
const handlers: Record<string, (event: never) => Promise<unknown>> = {
  floor: floorHandler,
  'checked-floor': checkedFloorHandler,
  shardline: createHandler([Orders], { logger: silentLogger }),
  'shardline-async': createHandler([AsyncOrders], { logger: silentLogger }),
  'shardline-by-key': createHandler([Orders], { logger: silentLogger, ordering: 'partition-key', concurrency: 16 }),
  'shardline-observed': createHandler([Orders], { logger: silentLogger, metrics: discardedMetrics, tracing: memoryTracing() }),
  powertools: (e) => processPartialResponse(e, powertoolsRecordHandler, processor, { processInParallel: false }),
};
const handler = handlers[peer];
if (handler === undefined) throw new Error(`unknown peer ${peer}`);

(async () => {
  for (let i = 0; i < Number(batches); i++) await handler(event as never);
  if (sink.records !== Number(records) * Number(batches)) throw new Error(`${peer} handled ${sink.records} records`);
})().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
