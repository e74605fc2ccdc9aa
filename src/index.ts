export { createHandler, type ShardlineHandler } from './create-handler.js';
export { StreamHandler, type StreamHandlerOptions } from './decorators/stream-handler.decorator.js';
export { PayloadType, type PayloadTypeOptions } from './decorators/payload-type.decorator.js';
export { OnRecord, type OnRecordOptions } from './decorators/on-record.decorator.js';
export { OnPartitionKey, type OnPartitionKeyOptions } from './decorators/on-partition-key.decorator.js';
export { OnUnmatched } from './decorators/on-unmatched.decorator.js';
export { OnInvalid } from './decorators/on-invalid.decorator.js';
export { UseInterceptors } from './decorators/use-interceptors.decorator.js';
export type { WindowInfo, WindowReport } from './runtime/window/window-context.js';
export type { Interceptor, InterceptedCall } from './routing/interceptor.js';
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
} from './errors.js';
export { Ordering, OnFailure, RecordPolicy, DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_MARGIN_MS, BatchLog, type HandlerOptions } from './options.js';
export type { RecordContext, Logger } from './context.js';
export type { StreamRecord } from './records/stream-record.js';
export type { Codec, CodecOption } from './records/codecs/codec.js';
export { jsonCodec } from './records/codecs/json.codec.js';
export { textCodec } from './records/codecs/text.codec.js';
export { binaryCodec } from './records/codecs/binary.codec.js';
export { DEFAULT_MAX_DECOMPRESSED_BYTES } from './records/decompress.js';
export type { Constructor, Discriminator, PartitionKeyMatcher } from './metadata/definitions.js';
export { matchPartitionKey } from './routing/match-partition-key.js';
export type { RouteDescription, RecordRouteDescription, WindowMethodDescription, DescribedKind } from './routing/route.js';
export { RecordStatus, type BatchReport, type RecordReport } from './runtime/batch-processor.js';
export { createJsonLogger, LogLevel } from './runtime/logger.js';
export type {
  KinesisStreamEvent,
  KinesisStreamRecord,
  KinesisStreamBatchResponse,
  KinesisStreamTumblingWindowEvent,
  KinesisStreamStateResponse,
  WindowState,
  LambdaContext,
  LambdaCognitoIdentity,
  LambdaClientContext,
} from './types.js';
