import 'reflect-metadata';
import { gzipSync } from 'node:zlib';
import { createHandler, OnRecord, StreamHandler } from 'shardline';
import { CloudWatchLogsData } from 'shardline/cloudwatch-logs';
import { kinesisEvent } from 'shardline/testing';
import { DynamoDBChangeRecord } from 'shardline/dynamodb';
import { EventBridgeEvent } from 'shardline/eventbridge';
import { silentLogger } from '../../support/capture-logger';
import { cloudWatchDataMessage, dynamoDBInsert, eventBridgeEc2StateChange } from './aws-samples';

// Compiled with class fields defined (ES2022 with useDefineForClassFields), the shipped payload
// classes gave every optional field the payload lacked an own property set to undefined:
// `'policyLevel' in data` was true without a policy, and the instance no longer deep-equalled its JSON.

/** `value` with every class instance turned into a plain object of its own enumerable properties, undefined ones kept. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
}

/** What the one route of a handler for `payload` received for one record. */
async function received<T extends object>(payload: new () => T, data: unknown): Promise<T> {
  const seen: T[] = [];
  @StreamHandler()
  class Receiver {
    @OnRecord(payload)
    on(value: T) {
      seen.push(value);
    }
  }
  await createHandler([Receiver], { logger: silentLogger })(kinesisEvent([{ data }]));
  expect(seen).toHaveLength(1);
  return seen[0];
}

describe('the shipped payload classes, for a payload without their optional fields', () => {
  it('CloudWatchLogsData has no policyLevel, its events no extractedFields, and it equals its JSON', async () => {
    const source = cloudWatchDataMessage();

    const data = await received(CloudWatchLogsData, gzipSync(JSON.stringify(source)));

    expect('policyLevel' in data).toBe(false);
    expect(data.logEvents.map((event) => 'extractedFields' in event)).toEqual([false, false]);
    expect(plain(data)).toStrictEqual(source);
  });

  it('EventBridgeEvent has no replay-name, and equals its JSON', async () => {
    const source = eventBridgeEc2StateChange();
    class StateChange extends EventBridgeEvent {}
    const seen: EventBridgeEvent[] = [];
    @StreamHandler()
    class Receiver {
      @OnRecord({ type: source['detail-type'], payload: StateChange })
      on(event: StateChange) {
        seen.push(event);
      }
    }

    await createHandler([Receiver], { logger: silentLogger })(kinesisEvent([{ data: source }]));

    expect('replay-name' in seen[0]).toBe(false);
    expect(plain(seen[0])).toStrictEqual(source);
  });

  it('DynamoDBChangeRecord of an INSERT has no OldImage and no userIdentity, and equals its JSON', async () => {
    const source: Record<string, unknown> = dynamoDBInsert();
    delete source.userIdentity;

    const change = await received(DynamoDBChangeRecord, source);

    expect('userIdentity' in change).toBe(false);
    expect('OldImage' in change.dynamodb).toBe(false);
    expect(change.oldItem).toBeUndefined();
    expect(plain(change)).toStrictEqual(source);
  });
});
