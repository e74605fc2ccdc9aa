/**
 * The records a CloudWatch Logs subscription filter writes into a Kinesis stream: one gzip-compressed
 * JSON document per record, which shardline inflates (option `decompress`, on by default) before the
 * codec reads it.
 *
 * Fields are `declare`d: class-transformer fills them from the payload, and a declared field is
 * never emitted, so an optional field the payload lacks stays absent (not an own `undefined`)
 * whatever the compiler's `useDefineForClassFields` says.
 */
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PayloadType } from '../../decorators/payload-type.decorator.js';

/**
 * The values of `messageType`: `DATA_MESSAGE` carries log events, `CONTROL_MESSAGE` is the
 * reachability check CloudWatch Logs sends when a subscription is created.
 *
 * @example
 * if (data.messageType === CloudWatchLogsMessageType.data) count(data.logEvents.length);
 */
export const CloudWatchLogsMessageType = { data: 'DATA_MESSAGE', control: 'CONTROL_MESSAGE' } as const;
export type CloudWatchLogsMessageType = (typeof CloudWatchLogsMessageType)[keyof typeof CloudWatchLogsMessageType];

/**
 * One log event of a `CloudWatchLogsData` batch.
 *
 * @example
 * for (const event of data.logEvents) console.log(new Date(event.timestamp).toISOString(), event.message);
 */
export class CloudWatchLogEvent {
  /** Unique id of the event: a decimal string of 56 digits. */
  @IsString() declare id: string;
  /** When the event happened, in epoch milliseconds. */
  @IsNumber() declare timestamp: number;
  /** The log line as it was written. */
  @IsString() declare message: string;
  /** Fields a space-delimited filter pattern extracted, by name; present only with such patterns. */
  @IsOptional() @IsObject() declare extractedFields?: Record<string, string>;
}

/**
 * A batch of log events from a CloudWatch Logs subscription filter, with the shape AWS documents:
 * `messageType`, `owner` (the account id), `logGroup`, `logStream`, `subscriptionFilters` and
 * `logEvents`. Ask for it by class; it is recognised by `messageType: 'DATA_MESSAGE'`.
 *
 * `CONTROL_MESSAGE` records, which CloudWatch Logs sends to check that the stream is reachable,
 * never reach your method: a handler with a route for this class reports them as succeeded through
 * a built-in route (`handler.routes` lists it). To see them anyway, route the type yourself:
 * `@OnRecord({ type: 'CONTROL_MESSAGE', discriminator: 'messageType' })`.
 *
 * The data arrives gzip-compressed; keep the `decompress` option on (the default). A batch can
 * inflate to several times its stored size: `maxDecompressedBytes` (10 MiB by default) bounds it.
 *
 * @example
 * import { CloudWatchLogsData } from 'shardline/cloudwatch-logs';
 *
 * \@StreamHandler()
 * class AppLogs {
 *   \@OnRecord(CloudWatchLogsData)
 *   async logs(data: CloudWatchLogsData, { logger }: RecordContext) {
 *     for (const event of data.logEvents) {
 *       if (event.message.includes('ERROR')) await alarms.raise(data.logGroup, event.message);
 *     }
 *   }
 * }
 * export const handler = createHandler([AppLogs]);
 */
@PayloadType(CloudWatchLogsMessageType.data, { discriminator: 'messageType', acknowledge: [CloudWatchLogsMessageType.control] })
export class CloudWatchLogsData {
  @IsIn(Object.values(CloudWatchLogsMessageType)) declare messageType: CloudWatchLogsMessageType;
  /** The AWS account id of the log group. */
  @IsString() declare owner: string;
  @IsString() declare logGroup: string;
  @IsString() declare logStream: string;
  /** Names of the subscription filters that matched these events. */
  @IsArray() @IsString({ each: true }) declare subscriptionFilters: string[];
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => CloudWatchLogEvent) declare logEvents: CloudWatchLogEvent[];
  /** `ACCOUNT_LEVEL_POLICY` when an account-level subscription policy sent the batch; absent for log group subscriptions. */
  @IsOptional() @IsString() declare policyLevel?: string;
}
