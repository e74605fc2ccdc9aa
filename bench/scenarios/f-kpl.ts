/**
 * F. KPL deaggregation (issue 4): shardline's decoder against aws-kinesis-agg's `deaggregateSync`
 * on the same aggregates, both verifying the MD5 digest. Two shapes: what KPL writes with its
 * default 50 KB aggregation limit (about 50 records of 1 KB each), and large aggregates of 1,000
 * small records. Then the same aggregates end to end: shardline's handler (typed routes on JSON
 * sub-records) against a hand-written handler built on `deaggregateSync`.
 */
import 'reflect-metadata';
import { hash } from 'node:crypto';
import { deaggregateSync } from 'aws-kinesis-agg';
import { createHandler, type KinesisStreamBatchResponse, type KinesisStreamEvent } from 'shardline';
import { aggregateRecords, kinesisEvent, type KplUserRecord } from 'shardline/testing';
import { readBatch } from '../../src/records/batch';
import { orderPayload, ORDER_TYPES, seededRandom } from '../fixtures/orders';
import { Orders } from '../fixtures/raw-routes';
import { silentLogger } from '../fixtures/silent-logger';
import { counted, dispatchByType, expectAllHandled } from '../fixtures/work';
import { measure, ratioOf, timeRow, type Peer } from '../lib/harness';
import type { Row, Target } from '../lib/result';
import { formatRatio, runScenario } from '../lib/result';

interface UserRecord {
  readonly partitionKey: string;
  readonly explicitPartitionKey?: string;
  readonly data: string;
}

interface Shape {
  readonly name: string;
  readonly aggregates: number;
  readonly perAggregate: number;
  readonly bytes: number;
}

const SHAPES: readonly Shape[] = [
  { name: 'KPL defaults: 200 aggregates x 50 records of ~1 KB', aggregates: 200, perAggregate: 50, bytes: 1000 },
  { name: 'large: 40 aggregates x 1,000 records of ~100 B', aggregates: 40, perAggregate: 1000, bytes: 100 },
];

function buildEvent(shape: Shape): KinesisStreamEvent {
  const random = seededRandom(11);
  let n = 0;
  const specs = Array.from({ length: shape.aggregates }, (_, a) => {
    const records: KplUserRecord[] = Array.from({ length: shape.perAggregate }, () => {
      const i = n++;
      const payload =
        shape.bytes >= 1000
          ? orderPayload(ORDER_TYPES[i % 3], i, random)
          : { type: ORDER_TYPES[i % 3], orderId: `o-${i}`, customerId: `c-${i % 97}`, total: 1, reason: 'r', trackingId: 't' };
      return { partitionKey: `customer-${Math.floor(random() * 500)}`, data: JSON.stringify(payload) };
    });
    return { data: aggregateRecords(records), partitionKey: `aggregate-${a}` };
  });
  return kinesisEvent(specs);
}

/** aws-kinesis-agg over a whole event, as its README shows: one `deaggregateSync` per Kinesis record. */
function deaggregateWithLibrary(event: KinesisStreamEvent): UserRecord[] {
  const out: UserRecord[] = [];
  for (const record of event.Records) {
    deaggregateSync(record.kinesis, true, (error: Error | null, userRecords?: UserRecord[]) => {
      if (error) throw error;
      for (const userRecord of userRecords as UserRecord[]) out.push(userRecord);
    });
  }
  return out;
}

/** The floor of an end-to-end handler on aws-kinesis-agg: deaggregate, decode, switch, report the parent. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async Lambda handler, as users write it, like the peers it is measured against
async function libraryHandler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records) {
    let failed = false;
    deaggregateSync(record.kinesis, true, (error: Error | null, userRecords?: UserRecord[]) => {
      if (error) {
        failed = true;
        return;
      }
      for (const userRecord of userRecords as UserRecord[]) {
        try {
          dispatchByType(JSON.parse(Buffer.from(userRecord.data, 'base64').toString('utf8')) as { type?: unknown });
        } catch {
          failed = true;
        }
      }
    });
    if (failed) batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
  }
  return { batchItemFailures };
}

/** Both decoders give the same sub-records, every one of them: data bytes, partition key, explicit hash key. */
function checkSameRecords(event: KinesisStreamEvent, expected: number): void {
  const ours = readBatch(event, true);
  const theirs = deaggregateWithLibrary(event);
  if (ours.size !== expected || theirs.length !== expected)
    throw new Error(`deaggregation counts differ: ${ours.size} vs ${theirs.length}, expected ${expected}`);
  for (let i = 0; i < expected; i++) {
    if (
      ours.partitionKey(i) !== theirs[i].partitionKey ||
      ours.explicitHashKey(i) !== theirs[i].explicitPartitionKey ||
      !(ours.data(i) as Buffer).equals(Buffer.from(theirs[i].data, 'base64'))
    ) {
      throw new Error(`sub-record ${i} differs between the decoders`);
    }
  }
}

/**
 * The work both decoders must do and neither may skip: base64-decode each aggregate and compute
 * the MD5 digest of its message (one native call each, the cheapest way Node has). Not a
 * decoder (it checks nothing): the row shows how much of each decoder's time is this floor.
 */
function sharedWork(event: KinesisStreamEvent): number {
  let digests = 0;
  for (const record of event.Records) {
    const bytes = Buffer.from(record.kinesis.data, 'base64');
    if (hash('md5', bytes.subarray(4, bytes.length - 16), 'buffer').length === 16) digests++;
  }
  return digests;
}

runScenario(async () => {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [
    "Decoder rows: shardline's `readBatch` (base64, magic, MD5, protobuf, and the units of the batch: a partition key and a data range per sub-record, as the handler lays them out before scheduling) against `deaggregateSync(record, true, cb)` per record (MD5 checked too; it hands data back re-encoded as base64, its API).",
    'base64 + MD5 rows: only the work both decoders share (decode each aggregate, MD5 its message), with no check and no splitting: the least a decoder can take, so the decoder ratio cannot pass the ratio of this row.',
    'Handler rows: `createHandler` with raw-payload routes on the sub-records against a hand-written handler on `deaggregateSync` that decodes, switches on type and reports the parent sequence number.',
  ];
  for (const [s, shape] of SHAPES.entries()) {
    const event = buildEvent(shape);
    const count = shape.aggregates * shape.perAggregate;
    checkSameRecords(event, count);
    const LIB = `aws-kinesis-agg deaggregateSync [${shape.aggregates}x${shape.perAggregate}]`;
    const OURS = `shardline decoder [${shape.aggregates}x${shape.perAggregate}]`;
    const FLOOR = `base64 + MD5 only [${shape.aggregates}x${shape.perAggregate}]`;
    const peers: Peer[] = [
      {
        name: LIB,
        run: () => deaggregateWithLibrary(event).length,
        check: (n) => {
          if (n !== count) throw new Error(`${LIB}: ${String(n)} records`);
        },
      },
      {
        name: OURS,
        run: () => readBatch(event, true).size,
        check: (n) => {
          if (n !== count) throw new Error(`${OURS}: ${String(n)} records`);
        },
      },
      {
        name: FLOOR,
        run: () => sharedWork(event),
        check: (n) => {
          if (n !== shape.aggregates) throw new Error(`${FLOOR}: ${String(n)} digests`);
        },
      },
    ];
    if (s === 0) {
      const shardline = createHandler([Orders], { logger: silentLogger });
      peers.push(
        {
          name: 'hand-written handler on aws-kinesis-agg',
          run: () => counted(() => libraryHandler(event)),
          check: expectAllHandled('aws-kinesis-agg handler', count),
        },
        { name: 'shardline handler', run: () => counted(() => shardline(event)), check: expectAllHandled('shardline handler', count) },
      );
    }
    const samples = await measure(peers, { warmup: 3, rounds: 9, repeat: 8 });
    rows.push(timeRow(samples, 'cpu', LIB, undefined), timeRow(samples, 'cpu', OURS, LIB), timeRow(samples, 'cpu', FLOOR, LIB));
    const speedup = ratioOf(samples, 'cpu', LIB, OURS);
    targets.push({
      description: `F: shardline deaggregation ≥ 3x faster than deaggregateSync (${shape.name})`,
      measured: `${formatRatio(speedup)} faster`,
      met: speedup.median >= 3,
    });
    if (s === 0) {
      rows.push(
        timeRow(samples, 'cpu', 'hand-written handler on aws-kinesis-agg', undefined),
        timeRow(samples, 'cpu', 'shardline handler', 'hand-written handler on aws-kinesis-agg'),
      );
    }
  }
  return {
    id: 'F',
    title: 'KPL deaggregation: the same aggregates through both decoders (CPU ms per batch)',
    rows,
    targets,
    notes,
  };
});
