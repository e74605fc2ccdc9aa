export { createHandler, type ShardlineHandler } from './create-handler';
export { StreamHandler, type StreamHandlerOptions } from './decorators/stream-handler.decorator';
export { PayloadType, type PayloadTypeOptions } from './decorators/payload-type.decorator';
export { OnRecord, type OnRecordOptions } from './decorators/on-record.decorator';
export { OnPartitionKey, type OnPartitionKeyOptions } from './decorators/on-partition-key.decorator';
export { OnUnmatched } from './decorators/on-unmatched.decorator';
export { OnInvalid } from './decorators/on-invalid.decorator';
export {
  ShardlineError,
  DefinitionError,
  RouteConflictError,
  InvalidOptionError,
  InvalidEventError,
  RecordError,
  RecordDecodeError,
  RecordValidationError,
  UnmatchedRecordError,
  FullBatchFailureError,
  DeadlineExceededError,
  DecodeStage,
  type RecordLocation,
} from './errors';
export {
  Ordering,
  OnFailure,
  RecordPolicy,
  DEFAULT_CONCURRENCY,
  DEFAULT_DEADLINE_MARGIN_MS,
  type HandlerOptions,
} from './options';
export type { RecordContext, Logger } from './context';
export type { StreamRecord } from './records/stream-record';
export type { Codec, CodecOption } from './records/codecs/codec';
export { jsonCodec } from './records/codecs/json.codec';
export { textCodec } from './records/codecs/text.codec';
export { binaryCodec } from './records/codecs/binary.codec';
export { DEFAULT_MAX_DECOMPRESSED_BYTES } from './records/decompress';
export type { Constructor, Discriminator, PartitionKeyMatcher } from './metadata/definitions';
export { matchPartitionKey } from './routing/match-partition-key';
export type { RouteDescription } from './routing/route';
export { RecordStatus, type BatchReport, type RecordReport } from './runtime/batch-processor';
export { createJsonLogger, LogLevel } from './runtime/logger';
export type { KinesisStreamEvent, KinesisStreamRecord, KinesisStreamBatchResponse, LambdaContext } from './types';
export { CloudWatchLogsData, CloudWatchLogEvent, CloudWatchLogsMessageType } from './formats/cloudwatch-logs.format';
export { EventBridgeEvent } from './formats/eventbridge-event.format';
