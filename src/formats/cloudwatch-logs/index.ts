// The `shardline/cloudwatch-logs` entry point. It is separate from `shardline` because its classes
// run class-validator and class-transformer decorators when they load: a handler that never reads
// CloudWatch Logs records pays nothing for them, bundled or not.
export { CloudWatchLogsData, CloudWatchLogEvent, CloudWatchLogsMessageType } from './cloudwatch-logs.format.js';
