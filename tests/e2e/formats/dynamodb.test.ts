import 'reflect-metadata';
import { createHandler, OnInvalid, OnRecord, RecordValidationError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { DynamoDBChangeRecord } from 'shardline/dynamodb';
import { silentLogger } from '../../support/capture-logger';
import { dynamoDBInsert, dynamoDBModify, dynamoDBTtlRemove } from './aws-samples';

interface Song {
  Artist: string;
  SongTitle: string;
  AlbumTitle: string;
  Awards: number;
  Genres?: Set<string>;
  Cover?: Buffer;
}

/** Kinesis Data Streams for DynamoDB uses a hash of the item key as the partition key. */
const change = (record: unknown) => ({ data: record, partitionKey: 'A1B2C3D4E5F60718293A4B5C6D7E8F90' });

function musicHandler() {
  const changes: Array<DynamoDBChangeRecord<Song>> = [];
  const invalid: RecordError[] = [];
  @StreamHandler()
  class Music {
    @OnRecord(DynamoDBChangeRecord)
    changed(record: DynamoDBChangeRecord<Song>) {
      changes.push(record);
    }
    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  return { handler: createHandler([Music], { logger: silentLogger }), changes, invalid };
}

describe('DynamoDB change records from Kinesis Data Streams for DynamoDB, through createHandler', () => {
  it('delivers INSERT, MODIFY and REMOVE in order, with the images unmarshalled', async () => {
    const { handler, changes } = musicHandler();

    const response = await handler(kinesisEvent([change(dynamoDBInsert()), change(dynamoDBModify()), change(dynamoDBTtlRemove())]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(changes.map((c) => c.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(changes.map((c) => c.keys)).toEqual(Array(3).fill({ Artist: 'No One You Know', SongTitle: 'Call Me Today' }));
    expect(changes.map((c) => [c.oldItem?.Awards, c.newItem?.Awards])).toEqual([
      [undefined, 1],
      [1, 2],
      [2, undefined],
    ]);
    expect(changes[1].newItem?.Genres).toEqual(new Set(['Country', 'Folk']));
  });

  it('keeps the DynamoDB JSON of the images next to the plain items', async () => {
    const { handler, changes } = musicHandler();

    await handler(kinesisEvent([change(dynamoDBInsert())]));

    expect(changes[0].dynamodb.NewImage?.Awards).toEqual({ N: '1' });
    expect(changes[0].newItem?.Awards).toBe(1);
  });

  it('turns base64 binary attributes into bytes', async () => {
    const { handler, changes } = musicHandler();
    const record = dynamoDBInsert();
    Object.assign(record.dynamodb.NewImage, { Cover: { B: Buffer.from('PNG…').toString('base64') } });

    await handler(kinesisEvent([change(record)]));

    expect(changes[0].newItem?.Cover).toEqual(Buffer.from('PNG…'));
  });

  it('sends a record whose image is not DynamoDB JSON to @OnInvalid, and the rest to the route', async () => {
    const { handler, changes, invalid } = musicHandler();
    const broken = dynamoDBInsert();
    Object.assign(broken.dynamodb.NewImage, { Awards: { N: 'many' } });

    await handler(kinesisEvent([change(broken), change(dynamoDBModify())]));

    expect(changes.map((c) => c.eventName)).toEqual(['MODIFY']);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('Awards: N must be a number in a string');
  });

  it('lets a route narrow by eventName with a discriminator of its own', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Removals {
      @OnRecord({ type: 'REMOVE', discriminator: 'eventName', payload: DynamoDBChangeRecord })
      removed(record: DynamoDBChangeRecord<Song>) {
        calls.push(`removed ${record.oldItem?.SongTitle}`);
      }
    }
    const handler = createHandler([Removals], { logger: silentLogger });

    const report = await handler.processBatch(kinesisEvent([change(dynamoDBInsert()), change(dynamoDBTtlRemove())]));

    expect(calls).toEqual(['removed Call Me Today']);
    expect(report.records.map((r) => r.status)).toEqual(['skipped', 'succeeded']);
  });

  it('routes records of two tables sharing a stream by tableName', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Tables {
      @OnRecord({ type: 'Music', discriminator: 'tableName', payload: DynamoDBChangeRecord })
      music() {
        calls.push('Music');
      }
      @OnRecord({ type: 'Orders', discriminator: 'tableName', payload: DynamoDBChangeRecord })
      orders() {
        calls.push('Orders');
      }
    }
    const handler = createHandler([Tables], { logger: silentLogger });

    await handler(kinesisEvent([change(dynamoDBInsert({ tableName: 'Orders' })), change(dynamoDBInsert())]));

    expect(calls).toEqual(['Orders', 'Music']);
  });
});
