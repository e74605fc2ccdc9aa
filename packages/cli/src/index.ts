export { startLocalKinesis, type LocalKinesis, type LocalStreamSpec, type StartLocalKinesisOptions } from './local/local-kinesis.js';
export { createKinesisClient, isLocalEndpoint, type KinesisClientOptions } from './local/kinesis-client.js';
export { findFreePort, waitForPort } from './local/free-port.js';
export {
  createStream,
  describeStream,
  explainKinesisError,
  listShards,
  putRecords,
  waitForStreamActive,
  type PutRecordInput,
  type PutRecordResult,
  type PutRecordsOptions,
  type StreamInfo,
} from './local/stream-admin.js';
export {
  EventSourceMappingConfigError,
  runEventSourceMapping,
  startEventSourceMapping,
  StartingPosition,
  validateMappingOptions,
  type EventSourceMapping,
  type EventSourceMappingEvent,
  type EventSourceMappingOptions,
  type RunCounters,
  type RunProgress,
  type RunSummary,
  type ShardProgress,
} from './local/event-source-mapping.js';
export { interpretBatchResponse, countReportedFailures, type BatchResponseOutcome } from './local/batch-response.js';
export { bisectBatch } from './local/bisect.js';
export { compareSequenceNumbers, isSequenceNumber } from './local/sequence-number.js';
export {
  buildKinesisEvent,
  buildTimeWindowEvent,
  createLambdaContext,
  functionArn,
  parseStreamArn,
  toKinesisStreamRecord,
  type EventSource,
  type LocalFunctionConfig,
  type LocalLambdaContext,
  type ShardRecord,
  type WindowInvocation,
} from './local/lambda-event.js';
export { buildOnFailureRecord, createOnFailureFile, DiscardCondition, type OnFailureInput, type OnFailureRecord } from './local/on-failure.js';
export { EndpointUnreachableError, LocalKinesisStartError, PutRecordsError, StreamUnavailableError } from './local/errors.js';
export type {
  KinesisLambdaHandler,
  KinesisStreamBatchItemFailure,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  KinesisStreamRecordPayload,
  KinesisStreamStateResponse,
  KinesisStreamTumblingWindowEvent,
  KinesisTimeWindowEvent,
  LambdaContext,
} from './local/types.js';
export { runCli } from './cli/main.js';
