/**
 * B. Typed records: scenario A's batch, but every payload becomes an instance of its class and is
 * validated by class-validator (nested lines and address included). shardline's `@OnRecord(Class)`
 * routes against a hand-written `plainToInstance` + `validateSync` loop, and against Powertools'
 * batch processor with its parser and the equivalent zod schema. The `flat` group runs both on
 * scenario A's flat payloads (short fields and one long string) with classes of that shape.
 */
import 'reflect-metadata';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { Base64Encoded } from '@aws-lambda-powertools/parser/helpers';
import { KinesisDataStreamRecord, KinesisDataStreamRecordPayload } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { createHandler, OnRecord, StreamHandler, type KinesisStreamBatchResponse, type KinesisStreamEvent } from 'shardline';
import { FlatOrderCancelled, FlatOrderCreated, FlatOrderShipped, OrderCancelled, OrderCreated, OrderShipped } from '../fixtures/order-classes';
import { orderPayload } from '../fixtures/order-schemas';
import { orderEvent } from '../fixtures/orders';
import { silentLogger } from '../fixtures/silent-logger';
import { counted, dispatchByType, expectAllHandled, onCancelled, onCreated, onShipped } from '../fixtures/work';
import { measure, ratioOf, timeRow, type Peer } from '../lib/harness';
import { formatRatio, runScenario, type ScenarioResult } from '../lib/result';

const RECORDS = 10_000;
const FLOOR = 'hand-written plainToInstance + validateSync';
const TITLE = `Typed records: the same ${RECORDS.toLocaleString('en')} records as instances validated by class-validator (CPU ms per batch)`;

@StreamHandler()
class Orders {
  @OnRecord(OrderCreated)
  created(order: OrderCreated): void {
    onCreated(order);
  }

  @OnRecord(OrderCancelled)
  cancelled(order: OrderCancelled): void {
    onCancelled(order);
  }

  @OnRecord(OrderShipped)
  shipped(order: OrderShipped): void {
    onShipped(order);
  }
}

@StreamHandler()
class FlatOrders {
  @OnRecord(FlatOrderCreated)
  created(order: FlatOrderCreated): void {
    onCreated(order);
  }

  @OnRecord(FlatOrderCancelled)
  cancelled(order: FlatOrderCancelled): void {
    onCancelled(order);
  }

  @OnRecord(FlatOrderShipped)
  shipped(order: FlatOrderShipped): void {
    onShipped(order);
  }
}

/** The same options shardline validates with by default, so both do the same checks. */
const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: true, validationError: { target: false, value: false } };
type Classes = Readonly<Record<string, new () => object>>;
const CLASSES: Classes = { 'order.created': OrderCreated, 'order.cancelled': OrderCancelled, 'order.shipped': OrderShipped };
const FLAT_CLASSES: Classes = { 'order.created': FlatOrderCreated, 'order.cancelled': FlatOrderCancelled, 'order.shipped': FlatOrderShipped };

/** The floor: decode, pick the class by type, plainToInstance, validateSync, handle, report. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async Lambda handler, as users write it, like the peers it is measured against
async function floor(event: KinesisStreamEvent, classes: Classes): Promise<KinesisStreamBatchResponse> {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  const records = event.Records;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    try {
      const payload = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { type: string };
      const cls = classes[payload.type];
      if (cls === undefined) continue;
      const instance = plainToInstance(cls, payload);
      if (validateSync(instance, VALIDATOR_OPTIONS).length > 0) throw new Error(`invalid ${payload.type}`);
      dispatchByType(instance);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
    }
  }
  return { batchItemFailures };
}

// eslint-disable-next-line @typescript-eslint/require-await -- async as a Powertools user writes it, so the measurement includes that promise
const parsedHandler = async (record: { kinesis: { data: unknown } }): Promise<void> => {
  dispatchByType(record.kinesis.data as { type: string });
};

const POWERTOOLS = ['Powertools + zod (innerSchema, parallel)', 'Powertools + zod (schema, parallel)'];

const FLOOR_FLAT = `${FLOOR}, flat payloads`;
const FLAT = 'shardline, flat payloads';

runScenario(async (group): Promise<ScenarioResult> => {
  if (group === 'flat') {
    const flatEvent = orderEvent(RECORDS, 500, 42, 'flat');
    const flatShardline = createHandler([FlatOrders], { logger: silentLogger });
    const flatPeers: Peer[] = [
      { name: FLOOR_FLAT, run: () => counted(() => floor(flatEvent, FLAT_CLASSES)), check: expectAllHandled(FLOOR_FLAT, RECORDS) },
      { name: FLAT, run: () => counted(() => flatShardline(flatEvent)), check: expectAllHandled(FLAT, RECORDS) },
    ];
    const flatSamples = await measure(flatPeers, { warmup: 2, rounds: 9 });
    const flat = ratioOf(flatSamples, 'cpu', FLAT, FLOOR_FLAT);
    return {
      id: 'B',
      title: TITLE,
      rows: flatPeers.map((peer) =>
        timeRow(flatSamples, 'cpu', peer.name, FLOOR_FLAT, peer.name === FLOOR_FLAT ? 'beside shardline, flat payloads' : undefined),
      ),
      targets: [
        {
          description: 'B: shardline ≤ 1.15x the hand-written plainToInstance + validateSync loop, flat payloads',
          measured: formatRatio(flat),
          met: flat.median <= 1.15,
        },
      ],
      notes: ["Flat payloads: scenario A's flat shape, with payload classes of that shape (`FlatOrderCreated` and so on), in a process of their own."],
      values: { [FLAT]: flat.median },
    };
  }
  const event = orderEvent(RECORDS);
  const floorPeer: Peer = { name: FLOOR, run: () => counted(() => floor(event, CLASSES)), check: expectAllHandled(FLOOR, RECORDS) };
  if (group === 'powertools') {
    // Powertools + zod costs seconds a batch: a few runs (each paired with a floor run) settle a
    // ratio that far from 1, and keep the whole bench within minutes.
    const innerSchemaProcessor = new BatchProcessor(EventType.KinesisDataStreams, { parser, innerSchema: orderPayload, transformer: 'base64' });
    const extendedSchema = KinesisDataStreamRecord.extend({ kinesis: KinesisDataStreamRecordPayload.extend({ data: Base64Encoded(orderPayload) }) });
    const schemaProcessor = new BatchProcessor(EventType.KinesisDataStreams, { parser, schema: extendedSchema });
    const peers: Peer[] = [
      // The floor warmed up, and settled after each Powertools run so that it does not pay for
      // Powertools' garbage; Powertools itself runs twice, cold, which at seconds a run hardly matters.
      { ...floorPeer, warmup: 3, settle: 1 },
      {
        name: POWERTOOLS[0],
        run: () => counted(() => processPartialResponse(event, parsedHandler, innerSchemaProcessor)),
        check: expectAllHandled(POWERTOOLS[0], RECORDS),
      },
      {
        name: POWERTOOLS[1],
        run: () => counted(() => processPartialResponse(event, parsedHandler, schemaProcessor)),
        check: expectAllHandled(POWERTOOLS[1], RECORDS),
      },
    ];
    const samples = await measure(peers, { warmup: 0, rounds: 2, settle: 0 });
    return {
      id: 'B',
      title: TITLE,
      rows: peers.map((peer) => timeRow(samples, 'cpu', peer.name, FLOOR, peer.name === FLOOR ? 'beside Powertools' : '2 runs, no warm-up (seconds each)')),
      targets: [],
      notes: [
        "Powertools `innerSchema` + `transformer: 'base64'` (its documented Kinesis set-up) builds the extended schema on each record; `schema` takes one built once.",
      ],
      values: Object.fromEntries(POWERTOOLS.map((name) => [name, ratioOf(samples, 'cpu', name, FLOOR).median])),
    };
  }
  const shardline = createHandler([Orders], { logger: silentLogger });
  const peers: Peer[] = [floorPeer, { name: 'shardline', run: () => counted(() => shardline(event)), check: expectAllHandled('shardline', RECORDS) }];
  const samples = await measure(peers, { warmup: 2, rounds: 9 });
  const vsFloor = ratioOf(samples, 'cpu', 'shardline', FLOOR);
  return {
    id: 'B',
    title: TITLE,
    rows: peers.map((peer) => timeRow(samples, 'cpu', peer.name, FLOOR, peer.name === FLOOR ? 'beside shardline' : undefined)),
    targets: [
      { description: 'B: shardline ≤ 1.15x the hand-written plainToInstance + validateSync loop', measured: formatRatio(vsFloor), met: vsFloor.median <= 1.15 },
    ],
    notes: [
      'Every payload is valid, so every peer validates every record and calls its handler. shardline and Powertools run in separate processes, each with the floor beside it.',
    ],
    values: { shardline: vsFloor.median },
  };
});
