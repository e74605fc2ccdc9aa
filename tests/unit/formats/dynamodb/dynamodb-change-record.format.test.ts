import { DynamoDBChangeData, DynamoDBChangeRecord, DynamoDBUserIdentity } from '../../../../src/formats/dynamodb';
import { dynamoDBInsert, dynamoDBModify, dynamoDBTtlRemove } from '../../../e2e/formats/aws-samples';
import { validateAs, validationErrorOf } from '../validate';

interface Song {
  Artist: string;
  SongTitle: string;
  AlbumTitle: string;
  Awards: number;
  Genres?: Set<string>;
}

describe('DynamoDBChangeRecord', () => {
  it('validates the documented INSERT record into instances', () => {
    const change = validateAs(DynamoDBChangeRecord, dynamoDBInsert());

    expect(change).toBeInstanceOf(DynamoDBChangeRecord);
    expect(change.dynamodb).toBeInstanceOf(DynamoDBChangeData);
    expect(change.tableName).toBe('Music');
  });

  it('gives the keys and the new item of an INSERT as plain objects, and no old item', () => {
    const change = validateAs<DynamoDBChangeRecord<Song>>(DynamoDBChangeRecord, dynamoDBInsert());

    expect(change.keys).toEqual({ Artist: 'No One You Know', SongTitle: 'Call Me Today' });
    expect(change.newItem).toEqual({ AlbumTitle: 'Somewhat Famous', Artist: 'No One You Know', Awards: 1, SongTitle: 'Call Me Today' });
    expect(change.oldItem).toBeUndefined();
  });

  it('gives both items of a MODIFY', () => {
    const change = validateAs<DynamoDBChangeRecord<Song>>(DynamoDBChangeRecord, dynamoDBModify());

    expect(change.oldItem?.Awards).toBe(1);
    expect(change.newItem?.Awards).toBe(2);
    expect(change.newItem?.Genres).toEqual(new Set(['Country', 'Folk']));
  });

  it('reads a TTL removal: the old item, no new one, and DynamoDB as the user identity', () => {
    const change = validateAs(DynamoDBChangeRecord, dynamoDBTtlRemove());

    expect(change.newItem).toBeUndefined();
    expect(change.oldItem).toMatchObject({ SongTitle: 'Call Me Today' });
    expect(change.userIdentity).toBeInstanceOf(DynamoDBUserIdentity);
    expect(change.userIdentity?.principalId).toBe('dynamodb.amazonaws.com');
  });

  it('rejects an event name that is not INSERT, MODIFY or REMOVE', () => {
    const error = validationErrorOf(DynamoDBChangeRecord, dynamoDBInsert({ eventName: 'UPSERT' }));

    expect(error.message).toContain('eventName: eventName must be one of the following values: INSERT, MODIFY, REMOVE');
  });

  it('rejects a record from another event source', () => {
    const error = validationErrorOf(DynamoDBChangeRecord, dynamoDBInsert({ eventSource: 'aws:kinesis' }));

    expect(error.errors.map((e) => e.property)).toEqual(['eventSource']);
  });

  it('rejects a record without its dynamodb part', () => {
    const error = validationErrorOf(DynamoDBChangeRecord, dynamoDBInsert({ dynamodb: undefined }));

    expect(error.errors.map((e) => e.property)).toEqual(['dynamodb']);
  });

  it('rejects an image that is not DynamoDB JSON, naming the attribute', () => {
    const record = dynamoDBInsert();
    record.dynamodb.NewImage.Awards = { N: 'one' };

    const error = validationErrorOf(DynamoDBChangeRecord, record);

    expect(error.message).toContain('dynamodb.NewImage: NewImage is not valid DynamoDB JSON: Awards: N must be a number in a string');
  });

  it('rejects an image that is well formed but cannot be unmarshalled, without quoting the number', () => {
    const record = dynamoDBInsert();
    record.dynamodb.NewImage.Awards = { N: '123456789012345678901.5' };

    const error = validationErrorOf(DynamoDBChangeRecord, record);

    expect(error.message).toContain('NewImage is not valid DynamoDB JSON: Awards: N is a number that unmarshall cannot convert');
    expect(error.message).not.toContain('123456789012345678901');
  });
});
