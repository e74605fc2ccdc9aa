// The `shardline/dynamodb` entry point. It is separate from `shardline` because it loads
// `@aws-sdk/util-dynamodb` (an optional peer dependency): a bundle that never imports this file
// never contains the SDK utility.
export { DynamoDBChangeRecord, DynamoDBChangeData, DynamoDBUserIdentity, DynamoDBEventName } from './dynamodb-change-record.format.js';
export { checkDynamoDBImage, unmarshallImage, type DynamoDBImage, type DynamoDBJsonValue } from './attribute-value.js';
