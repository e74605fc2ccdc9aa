// Payload classes for what AWS services write into Kinesis. DynamoDB change records live in
// ./dynamodb, a separate entry point (`shardline/dynamodb`), because they load an AWS SDK utility.
export { CloudWatchLogsData, CloudWatchLogEvent, CloudWatchLogsMessageType } from './cloudwatch-logs.format.js';
export { EventBridgeEvent } from './eventbridge-event.format.js';
