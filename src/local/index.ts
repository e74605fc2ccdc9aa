export { startLocalKinesis, type LocalKinesis, type LocalStreamSpec, type StartLocalKinesisOptions } from './local-kinesis';
export { createKinesisClient, isLocalEndpoint, type KinesisClientOptions } from './kinesis-client';
export { findFreePort, waitForPort } from './free-port';
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
} from './stream-admin';
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
} from './event-source-mapping';
export { interpretBatchResponse, countReportedFailures, type BatchResponseOutcome } from './batch-response';
export { bisectBatch } from './bisect';
export { compareSequenceNumbers, isSequenceNumber } from './sequence-number';
export {
  buildKinesisEvent,
  createLambdaContext,
  functionArn,
  parseStreamArn,
  toKinesisStreamRecord,
  type EventSource,
  type LocalFunctionConfig,
  type LocalLambdaContext,
  type ShardRecord,
} from './lambda-event';
export { buildOnFailureRecord, createOnFailureFile, DiscardCondition, type OnFailureInput, type OnFailureRecord } from './on-failure';
export { EndpointUnreachableError, LocalKinesisStartError, PutRecordsError, StreamUnavailableError } from './errors';
export type {
  KinesisLambdaHandler,
  KinesisStreamBatchItemFailure,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
  KinesisStreamRecordPayload,
  LambdaContext,
} from './types';
