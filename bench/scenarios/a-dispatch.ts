/**
 * A. CPU-bound dispatch: 10,000 records of about 1 KB JSON over three payload types, trivial
 * handler work. shardline (raw-payload routes, through `createHandler`) against the hand-written
 * floor and Powertools' `processPartialResponse`, sequential and parallel.
 *
 * Each framework runs in a process of its own, with the floor beside it (a Lambda loads one
 * framework, and frameworks sharing a process share V8's feedback, heap sizing and GC timing);
 * frameworks are compared through their paired ratio to that floor. The cost of metrics and a
 * tracer is measured in a third process, shardline with them against shardline without, so their
 * wrappers never share call sites with the rows above.
 */
import 'reflect-metadata';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { createHandler } from 'shardline';
import { floorHandler, powertoolsRecordHandler } from '../fixtures/floor';
import { orderEvent } from '../fixtures/orders';
import { AsyncOrders, Orders } from '../fixtures/raw-routes';
import { discardedMetrics, memoryTracing } from '../fixtures/observing';
import { silentLogger } from '../fixtures/silent-logger';
import { counted, expectAllHandled } from '../fixtures/work';
import { measure, ratioOf, timeRow, type Peer } from '../lib/harness';
import { formatRatio, runScenario, type ScenarioResult } from '../lib/result';

const RECORDS = 10_000;
const A_FLOOR = 'hand-written floor';
const A_POWERTOOLS = ['Powertools (sequential)', 'Powertools (parallel)'];
const A_UNOBSERVED = 'shardline, nothing observed';
const A_OBSERVED = 'shardline, metrics + tracer';

function peersOf(group: string | undefined): Peer[] {
  const event = orderEvent(RECORDS);
  const peers: Peer[] = [{ name: A_FLOOR, run: () => counted(() => floorHandler(event)) }];
  if (group === 'powertools') {
    // Created once, outside the handler, as Powertools recommends.
    const processor = new BatchProcessor(EventType.KinesisDataStreams);
    peers.push(
      { name: A_POWERTOOLS[0], run: () => counted(() => processPartialResponse(event, powertoolsRecordHandler, processor, { processInParallel: false })) },
      { name: A_POWERTOOLS[1], run: () => counted(() => processPartialResponse(event, powertoolsRecordHandler, processor, { processInParallel: true })) },
    );
  } else if (group === 'observability') {
    const unobserved = createHandler([Orders], { logger: silentLogger });
    const observed = createHandler([Orders], { logger: silentLogger, metrics: discardedMetrics, tracing: memoryTracing() });
    peers.push({ name: A_UNOBSERVED, run: () => counted(() => unobserved(event)) }, { name: A_OBSERVED, run: () => counted(() => observed(event)) });
  } else {
    const shardline = createHandler([Orders], { logger: silentLogger });
    const shardlineAsync = createHandler([AsyncOrders], { logger: silentLogger });
    const shardlineByKey = createHandler([Orders], { logger: silentLogger, ordering: 'partition-key', concurrency: 16 });
    peers.push(
      { name: 'shardline', run: () => counted(() => shardline(event)) },
      { name: 'shardline, async methods', run: () => counted(() => shardlineAsync(event)) },
      { name: 'shardline, partition-key', run: () => counted(() => shardlineByKey(event)) },
    );
  }
  return peers.map((peer) => ({ ...peer, check: expectAllHandled(peer.name, RECORDS) }));
}

runScenario(async (group): Promise<ScenarioResult> => {
  const peers = peersOf(group);
  const samples = await measure(peers, { warmup: 4, rounds: 25 });
  const beside = group === 'powertools' ? 'Powertools' : group === 'observability' ? 'shardline with and without metrics + tracer' : 'shardline';
  const rows = peers.map((peer) => timeRow(samples, 'cpu', peer.name, A_FLOOR, peer.name === A_FLOOR ? `beside ${beside}` : undefined));
  const title = `CPU-bound dispatch: ${RECORDS.toLocaleString('en')} records of ~1 KB JSON, 3 types, trivial work (CPU ms per batch)`;
  if (group === 'observability') {
    const cost = ratioOf(samples, 'cpu', A_OBSERVED, A_UNOBSERVED);
    return {
      id: 'A',
      title,
      rows,
      targets: [{ description: 'A: with metrics and a tracer, shardline ≤ 1.05x itself without', measured: formatRatio(cost), met: cost.median <= 1.05 }],
      notes: [
        '"metrics + tracer": EMF metrics (every record timed, every document serialized, the lines dropped) and a tracer of Powertools\' shape kept in memory; in a process of its own, against shardline without them.',
      ],
      // Not the ratios to the floor: those of the shardline process are what the cross-process targets read.
      values: { [`${A_OBSERVED} (vs ${A_UNOBSERVED})`]: cost.median },
    };
  }
  const values = Object.fromEntries(peers.slice(1).map((peer) => [peer.name, ratioOf(samples, 'cpu', peer.name, A_FLOOR).median]));
  const vsFloor = group === 'powertools' ? undefined : ratioOf(samples, 'cpu', 'shardline', A_FLOOR);
  return {
    id: 'A',
    title,
    rows,
    targets:
      vsFloor === undefined
        ? []
        : [{ description: 'A: shardline ≤ 1.15x the hand-written floor', measured: formatRatio(vsFloor), met: vsFloor.median <= 1.15 }],
    notes:
      group === 'powertools'
        ? []
        : [
            'shardline rows use the default options (ordering shard) unless named; "partition-key" runs with concurrency 16.',
            'shardline and Powertools each run in a process of their own with the floor beside them, and are compared through their paired ratio to it.',
          ],
    values,
  };
});
