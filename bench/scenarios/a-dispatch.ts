/**
 * A. CPU-bound dispatch: 10,000 records of about 1 KB JSON over three payload types, trivial
 * handler work, in two shapes: nested (order lines, an address) and flat (a handful of short
 * fields and one 900-character string, where a framework's fixed cost per record shows most).
 * shardline (raw-payload routes, through `createHandler`) against the hand-written floor and
 * Powertools' `processPartialResponse`, sequential and parallel.
 *
 * Each framework runs in a process of its own, with the floor beside it (a Lambda loads one
 * framework, and frameworks sharing a process share V8's feedback, heap sizing and GC timing);
 * frameworks are compared through their paired ratio to that floor. The cost of metrics and a
 * tracer is measured in a third process, shardline with them against shardline without, so their
 * wrappers never share call sites with the rows above. In two more (one a shape), the floor with
 * shardline's record checks and nothing else of it: what the checks cost, apart from the rest.
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
import { counted, expectAllHandled } from '../fixtures/work';
import { measure, ratioOf, timeRow, type Peer } from '../lib/harness';
import { formatRatio, runScenario, type ScenarioResult } from '../lib/result';

const RECORDS = 10_000;
const A_FLOOR = 'hand-written floor';
const A_FLOOR_FLAT = 'hand-written floor, flat payloads';
const A_FLAT = 'shardline, flat payloads';
const A_POWERTOOLS = ['Powertools (sequential)', 'Powertools (parallel)'];
const A_UNOBSERVED = 'shardline, nothing observed';
const A_OBSERVED = 'shardline, metrics + tracer';
const A_CHECKED = 'hand-written floor + shardline record checks';
const A_CHECKED_FLAT = 'hand-written floor + shardline record checks, flat payloads';

/** The groups on flat payloads; the others run the nested ones. */
function isFlat(group: string | undefined): boolean {
  return group === 'flat' || group === 'checks-flat';
}

function floorOf(group: string | undefined): string {
  return isFlat(group) ? A_FLOOR_FLAT : A_FLOOR;
}

function peersOf(group: string | undefined): Peer[] {
  const event = orderEvent(RECORDS, 500, 42, isFlat(group) ? 'flat' : 'nested');
  const peers: Peer[] = [{ name: floorOf(group), run: () => counted(() => floorHandler(event)) }];
  if (group === 'flat') {
    const shardline = createHandler([Orders], { logger: silentLogger });
    peers.push({ name: A_FLAT, run: () => counted(() => shardline(event)) });
  } else if (group === 'checks' || group === 'checks-flat') {
    // The floor with shardline's record checks, in a process of its own: none of shardline's routing or runtime.
    const name = group === 'checks' ? A_CHECKED : A_CHECKED_FLAT;
    peers.push({ name, run: () => counted(() => checkedFloorHandler(event)) });
  } else if (group === 'powertools') {
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
  const floor = floorOf(group);
  const beside =
    group === 'powertools'
      ? 'Powertools'
      : group === 'observability'
        ? 'shardline with and without metrics + tracer'
        : group === 'checks' || group === 'checks-flat'
          ? "shardline's record checks"
          : 'shardline';
  const rows = peers.map((peer) => timeRow(samples, 'cpu', peer.name, floor, peer.name === floor ? `beside ${beside}` : undefined));
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
  const values = Object.fromEntries(peers.slice(1).map((peer) => [peer.name, ratioOf(samples, 'cpu', peer.name, floor).median]));
  if (group === 'checks' || group === 'checks-flat') {
    return {
      id: 'A',
      title,
      rows,
      targets: [],
      notes: [
        group === 'checks'
          ? `"${A_CHECKED}": the floor with what shardline's records/ does to every record (the event read and checked, base64 checked, gzip looked for, UTF-8 checked, prototype keys refused) and none of its routing or runtime, in a process of its own. Its ratio is what the checks cost; the rest of shardline's ratio is what routing and the runtime add.`
          : `"${A_CHECKED_FLAT}": the same on the flat payloads, in a process of its own.`,
      ],
      values,
    };
  }
  if (group === 'flat') {
    const flat = ratioOf(samples, 'cpu', A_FLAT, floor);
    return {
      id: 'A',
      title,
      rows,
      targets: [{ description: 'A: shardline ≤ 1.15x the hand-written floor, flat payloads', measured: formatRatio(flat), met: flat.median <= 1.15 }],
      notes: [
        'Flat payloads: a handful of short fields and one 900-character string (about 1 KB), the same three types, in a process of their own with the floor beside shardline.',
      ],
      values,
    };
  }
  const targets =
    group === 'powertools'
      ? []
      : [
          { name: 'shardline', description: 'A: shardline ≤ 1.06x the hand-written floor, nested payloads', threshold: 1.06 },
          { name: 'shardline, async methods', description: 'A: shardline with `async` route methods ≤ 1.10x the floor, nested', threshold: 1.1 },
          { name: 'shardline, partition-key', description: "A: shardline with `'partition-key'` ordering ≤ 1.10x the floor, nested", threshold: 1.1 },
        ].map(({ name, description, threshold }) => {
          const ratio = ratioOf(samples, 'cpu', name, floor);
          return { description, measured: formatRatio(ratio), met: ratio.median <= threshold };
        });
  return {
    id: 'A',
    title,
    rows,
    targets,
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
