/**
 * Payloads in the shapes AWS documents, for the format tests. Each builder returns a fresh object,
 * so a test can change one field without touching the others' samples.
 */

/** A CloudWatch Logs subscription DATA_MESSAGE, as in "Validate the flow of log events" (CloudWatch Logs User Guide). */
export function cloudWatchDataMessage(overrides: Record<string, unknown> = {}) {
  return {
    owner: '111111111111',
    logGroup: 'CloudTrail/logs',
    logStream: '111111111111_CloudTrail/logs_us-east-1',
    subscriptionFilters: ['RecipientStream'],
    messageType: 'DATA_MESSAGE',
    logEvents: [
      {
        id: '31953106606966983378809025079804211143289615424298221568',
        timestamp: 1432826855000,
        message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}}',
      },
      {
        id: '31953106606966983378809025079804211143289615424298221569',
        timestamp: 1432826855000,
        message: '{"eventVersion":"1.03","userIdentity":{"type":"Root"}}',
      },
    ],
    ...overrides,
  };
}

/** The CONTROL_MESSAGE CloudWatch Logs sends when a subscription filter is created. */
export function cloudWatchControlMessage() {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [{ id: '', timestamp: 1432826855000, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }],
  };
}

/** A Kinesis Data Streams for DynamoDB change record, after the "Music" example of the DynamoDB Developer Guide. */
export function dynamoDBInsert(overrides: Record<string, unknown> = {}) {
  return {
    awsRegion: 'us-west-2',
    dynamodb: {
      ApproximateCreationDateTime: 1646316138045,
      Keys: { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' } },
      NewImage: {
        AlbumTitle: { S: 'Somewhat Famous' },
        Artist: { S: 'No One You Know' },
        Awards: { N: '1' },
        SongTitle: { S: 'Call Me Today' },
      },
      SizeBytes: 112,
    },
    eventID: 'dc4c3d3d-cb4c-4b59-9ac1-2ed4ae2c9d3a',
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    recordFormat: 'application/json',
    tableName: 'Music',
    userIdentity: null,
    ...overrides,
  };
}

export function dynamoDBModify() {
  return dynamoDBInsert({
    eventID: '7a5c8a1e-40d6-4ac0-9fde-0b1f2e0ea2b1',
    eventName: 'MODIFY',
    dynamodb: {
      ApproximateCreationDateTime: 1646316140012,
      Keys: { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' } },
      OldImage: {
        AlbumTitle: { S: 'Somewhat Famous' },
        Artist: { S: 'No One You Know' },
        Awards: { N: '1' },
        SongTitle: { S: 'Call Me Today' },
      },
      NewImage: {
        AlbumTitle: { S: 'Somewhat Famous' },
        Artist: { S: 'No One You Know' },
        Awards: { N: '2' },
        SongTitle: { S: 'Call Me Today' },
        Genres: { SS: ['Country', 'Folk'] },
      },
      SizeBytes: 178,
    },
  });
}

/** A REMOVE by Time to Live: DynamoDB itself is the user identity. */
export function dynamoDBTtlRemove() {
  return dynamoDBInsert({
    eventID: '2f0b3e8e-5d5c-4c55-8c63-0b5a4f7e9f10',
    eventName: 'REMOVE',
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    dynamodb: {
      ApproximateCreationDateTime: 1646316200000,
      Keys: { Artist: { S: 'No One You Know' }, SongTitle: { S: 'Call Me Today' } },
      OldImage: {
        AlbumTitle: { S: 'Somewhat Famous' },
        Artist: { S: 'No One You Know' },
        Awards: { N: '2' },
        SongTitle: { S: 'Call Me Today' },
      },
      SizeBytes: 98,
    },
  });
}

/** The EC2 state-change event of the EventBridge "Event structure reference". */
export function eventBridgeEc2StateChange() {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
  };
}

/** A custom application event on the same envelope. */
export function eventBridgeOrderPlaced(detail: Record<string, unknown> = { orderId: 'o-42', total: 19.99 }) {
  return {
    version: '0',
    id: '0b6e8a52-2c71-4f1e-9a4b-9b1f1d2d7c11',
    'detail-type': 'OrderPlaced',
    source: 'com.example.orders',
    account: '123456789012',
    time: '2026-11-28T08:15:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}
