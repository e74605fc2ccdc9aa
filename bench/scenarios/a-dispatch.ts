/**
 * A. CPU-bound dispatch: 10,000 records of about 1 KB JSON over three payload types, trivial
 * handler work. shardline (raw-payload routes, through `createHandler`) against the hand-written
 * floor and Powertools' `processPartialResponse`, sequential and parallel.
 */
import 'reflect-metadata';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { createHandler } from 'shardline';
import { floorHandler, powertoolsRecordHandler } from '../fixtures/floor';
import { orderEvent } from '../fixtures/orders';
import { AsyncOrders, Orders } from '../fixtures/raw-routes';
import { silentLogger } from '../fixtures/silent-logger';
import { counted, expectAllHandled } from '../fixtures/work';
import { measure, ratioOf, timeRow, type Peer } from '../lib/harness';
import { formatRatio, runScenario } from '../lib/result';

const RECORDS = 10_000;
const FLOOR = 'hand-written floor';
const POWERTOOLS = ['Powertools (sequential)', 'Powertools (parallel)'];

// Created once, outside the handler, as Powertools recommends.
const processor = new BatchProcessor(EventType.KinesisDataStreams);

runScenario(async () => {
  const event = orderEvent(RECORDS);
  const shardline = createHandler([Orders], { logger: silentLogger });
  const shardlineAsync = createHandler([AsyncOrders], { logger: silentLogger });
  const shardlineByKey = createHandler([Orders], { logger: silentLogger, ordering: 'partition-key', concurrency: 16 });

  const peers: Peer[] = [
    { name: FLOOR, run: () => counted(() => floorHandler(event)) },
    { name: 'shardline', run: () => counted(() => shardline(event)) },
    { name: 'shardline, async methods', run: () => counted(() => shardlineAsync(event)) },
    { name: 'shardline, partition-key', run: () => counted(() => shardlineByKey(event)) },
    { name: POWERTOOLS[0], run: () => counted(() => processPartialResponse(event, powertoolsRecordHandler, processor, { processInParallel: false })) },
    { name: POWERTOOLS[1], run: () => counted(() => processPartialResponse(event, powertoolsRecordHandler, processor, { processInParallel: true })) },
  ].map((peer) => ({ ...peer, check: expectAllHandled(peer.name, RECORDS) }));

  const samples = await measure(peers, { warmup: 4, rounds: 31 });
  const vsFloor = ratioOf(samples, 'cpu', 'shardline', FLOOR);
  const vsPowertools = Math.min(...POWERTOOLS.map((name) => ratioOf(samples, 'cpu', 'shardline', name).median));
  return {
    id: 'A',
    title: `CPU-bound dispatch: ${RECORDS.toLocaleString('en')} records of ~1 KB JSON, 3 types, trivial work (CPU ms per batch)`,
    rows: peers.map((peer) => timeRow(samples, 'cpu', peer.name, FLOOR)),
    targets: [
      { description: 'A: shardline ≤ 1.15x the hand-written floor', measured: formatRatio(vsFloor), met: vsFloor.median <= 1.15 },
      { description: 'A: shardline faster than Powertools', measured: `${vsPowertools.toFixed(2)}x the faster Powertools mode`, met: vsPowertools < 1 },
    ],
    notes: ['shardline rows use the default options (ordering shard) unless named; "partition-key" runs with concurrency 16.'],
  };
});
