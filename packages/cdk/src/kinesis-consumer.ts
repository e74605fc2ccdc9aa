import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SnsDlq, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  planEventSourceMapping,
  readHandlerFacts,
  type HandlerFacts,
  type MappingPlan,
  type MappingSettings,
  type RouteFilterOptions,
} from 'shardline/deployment';
import { HandlerInspectionError, UnsafeConsumerError } from './errors.js';
import { inspectHandlerExport } from './inspect-handler.js';

/**
 * Event filters derived from the handler's routes, with what the handler's options leave open
 * about the stream's records (see `deriveEventFilters` in `shardline/deployment`).
 *
 * @example
 * const filters: KinesisConsumerFilters = { from: 'routes', aggregated: false, compressed: false };
 */
export type KinesisConsumerFilters = { readonly from: 'routes' } & RouteFilterOptions;

/**
 * When to alarm on the age of the oldest record the consumer has yet to process.
 *
 * @example
 * const alarm: IteratorAgeAlarmProps = { threshold: Duration.minutes(5) };
 */
export interface IteratorAgeAlarmProps {
  /** Alarm when the oldest unprocessed record is older than this. */
  readonly threshold: Duration;
  /** Periods over the threshold before the alarm fires. Default 3. */
  readonly evaluationPeriods?: number;
  /** Default 1 minute. */
  readonly period?: Duration;
}

/**
 * Props of {@link KinesisConsumer}. Mapping settings left out get shardline's defaults, which the
 * handler's options decide where it matters (bisect follows `throwOnFullBatchFailure`; the timeout
 * covers `deadlineMarginMs`).
 *
 * @example
 * const props: KinesisConsumerProps = { stream, entry: 'src/orders.ts', batchSize: 500, onFailure: failures };
 */
export interface KinesisConsumerProps {
  /** The stream to consume. */
  readonly stream: kinesis.IStream;
  /** The handler module, TypeScript or JavaScript. It is loaded at synth time to read its routes and options. */
  readonly entry: string;
  /** The handler's export name. Default `handler`. */
  readonly handler?: string;
  /** Function timeout. Default 60 s, or more when the handler's deadline margin needs it. */
  readonly timeout?: Duration;
  /** Records a batch, 1 to 10,000. Default 100. */
  readonly batchSize?: number;
  /** Time Lambda gathers records before invoking, up to 5 minutes. Default none. */
  readonly maxBatchingWindow?: Duration;
  /** Default `TRIM_HORIZON`. */
  readonly startingPosition?: lambda.StartingPosition;
  /** Unix seconds, with `AT_TIMESTAMP`. */
  readonly startingPositionTimestamp?: number;
  /** Retries of a failing batch, -1 (until the records expire) to 10,000. Default -1. */
  readonly retryAttempts?: number;
  /** Age after which Lambda stops retrying records, 1 minute to 7 days. Default: no limit. */
  readonly maxRecordAge?: Duration;
  /** Split a batch after a function error. Default: the handler's `throwOnFullBatchFailure`. */
  readonly bisectBatchOnError?: boolean;
  /** Batches of one shard processed at once, 1 to 10. Default 1; above 1 needs `ordering: 'partition-key'` or `'none'`. */
  readonly parallelizationFactor?: number;
  /**
   * Tumbling window, up to 15 minutes: Lambda aggregates each shard over windows of this length. Needed
   * by a handler with `@WindowReduce` and `@OnWindowEnd` methods, refused for one without them, and
   * needs a parallelization factor of 1. Default none.
   */
  readonly tumblingWindow?: Duration;
  /** Where Lambda records batches it gives up on. Default none (a warning). */
  readonly onFailure?: sqs.IQueue | sns.ITopic | s3.IBucket;
  /** Default true. */
  readonly enabled?: boolean;
  /** `'routes'`: Lambda event filters derived from the handler's routes, where exact; synth fails otherwise and says why. */
  readonly filters?: 'routes' | KinesisConsumerFilters;
  /** An alarm on the function's `IteratorAge`. Default none. */
  readonly iteratorAgeAlarm?: IteratorAgeAlarmProps;
  /**
   * Anything else of the function (memory, environment, VPC, role, bundling...). Its environment
   * is also given to the handler module when it is loaded at synth time.
   */
  readonly functionProps?: Omit<NodejsFunctionProps, 'entry' | 'handler' | 'timeout'>;
}

/**
 * A shardline Kinesis consumer: the handler module bundled with esbuild (ES module, minified, with
 * source maps; decorators as the project's tsconfig says; the AWS SDK left to the Lambda runtime),
 * and an event source mapping with `ReportBatchItemFailures` always on, checked against the
 * handler's routes and options at synth time. A setting that would lose records or retry them
 * needlessly fails synth with the reason; a doubtful one is a warning (`@shardline/cdk:<check>`).
 *
 * @throws UnsafeConsumerError listing every refused setting.
 * @throws HandlerInspectionError when the handler module cannot be loaded or is not a shardline handler.
 * @example
 * new KinesisConsumer(this, 'Orders', {
 *   stream,
 *   entry: 'src/orders.handler.ts',
 *   batchSize: 500,
 *   retryAttempts: 10,
 *   onFailure: failuresQueue,
 *   filters: { from: 'routes', aggregated: false, compressed: false, dropUndecodable: true },
 *   iteratorAgeAlarm: { threshold: Duration.minutes(5) },
 * });
 */
export class KinesisConsumer extends Construct {
  /** The bundled handler. */
  readonly function: NodejsFunction;
  /** The event source mapping. */
  readonly eventSource: KinesisEventSource;
  /** The settings deployed, with the warnings found. */
  readonly plan: MappingPlan;
  /** The handler's routes and options, as read at synth time. */
  readonly handlerFacts: HandlerFacts;
  /** The iterator-age alarm, when asked for. */
  readonly iteratorAgeAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: KinesisConsumerProps) {
    super(scope, id);
    const exportName = props.handler ?? 'handler';
    const environment = props.functionProps?.environment ?? {};
    this.handlerFacts = readFacts(props.entry, exportName, inspectHandlerExport(props.entry, exportName, environment));
    this.plan = planEventSourceMapping(this.handlerFacts, mappingSettings(props));
    if (this.plan.errors.length > 0) throw new UnsafeConsumerError(this.node.path, this.plan.errors);
    for (const warning of this.plan.warnings) Annotations.of(this).addWarningV2(`@shardline/cdk:${warning.code}`, warning.message);

    const functionProps = props.functionProps ?? {};
    this.function = new NodejsFunction(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      ...functionProps,
      entry: props.entry,
      handler: exportName,
      timeout: Duration.seconds(this.plan.timeoutSeconds),
      // Source maps only help when Node reads them; a user's own NODE_OPTIONS wins.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...environment },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        // Route ids in logs and reports are `Class.method`: minified class names would make them unreadable.
        keepNames: true,
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
        banner: "import { createRequire as __shardlineCreateRequire } from 'node:module'; const require = __shardlineCreateRequire(import.meta.url);",
        ...functionProps.bundling,
      },
    });

    const plan = this.plan;
    this.eventSource = new KinesisEventSource(props.stream, {
      startingPosition: plan.startingPosition as lambda.StartingPosition,
      ...(plan.startingPositionTimestamp !== undefined && { startingPositionTimestamp: plan.startingPositionTimestamp }),
      batchSize: plan.batchSize,
      ...(plan.maxBatchingWindowSeconds > 0 && { maxBatchingWindow: Duration.seconds(plan.maxBatchingWindowSeconds) }),
      ...(plan.retryAttempts !== undefined && { retryAttempts: plan.retryAttempts }),
      ...(plan.maxRecordAgeSeconds !== undefined && plan.maxRecordAgeSeconds !== -1 && { maxRecordAge: Duration.seconds(plan.maxRecordAgeSeconds) }),
      bisectBatchOnError: plan.bisectBatchOnError,
      parallelizationFactor: plan.parallelizationFactor,
      ...(plan.tumblingWindowSeconds !== undefined && { tumblingWindow: Duration.seconds(plan.tumblingWindowSeconds) }),
      reportBatchItemFailures: plan.reportBatchItemFailures,
      ...(plan.filters.length > 0 && { filters: plan.filters.map((pattern) => ({ pattern: JSON.stringify(pattern) })) }),
      ...(props.onFailure !== undefined && { onFailure: onFailureDestination(props.onFailure) }),
      ...(props.enabled !== undefined && { enabled: props.enabled }),
    });
    // Grants the function read on the stream only (and decrypt with its key when it has one).
    this.function.addEventSource(this.eventSource);

    if (props.iteratorAgeAlarm !== undefined) {
      const { threshold, evaluationPeriods = 3, period = Duration.minutes(1) } = props.iteratorAgeAlarm;
      this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAgeAlarm', {
        metric: this.function.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period }),
        threshold: threshold.toMilliseconds(),
        evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${this.node.path}: the oldest record not yet processed is older than ${threshold.toHumanString()}`,
      });
    }
  }
}

function readFacts(entry: string, exportName: string, value: unknown): HandlerFacts {
  // The child describes an export that is not a handler in words.
  const facts = typeof value === 'string' ? `it is ${value}, not a handler made by createHandler()` : readHandlerFacts(value);
  if (typeof facts === 'string') throw new HandlerInspectionError(`export "${exportName}" of ${entry} is not a shardline handler: ${facts}`);
  return facts;
}

function mappingSettings(props: KinesisConsumerProps): MappingSettings {
  return {
    timeoutSeconds: props.timeout?.toSeconds(),
    batchSize: props.batchSize,
    maxBatchingWindowSeconds: props.maxBatchingWindow?.toSeconds(),
    startingPosition: props.startingPosition,
    startingPositionTimestamp: props.startingPositionTimestamp,
    retryAttempts: props.retryAttempts,
    maxRecordAgeSeconds: props.maxRecordAge?.toSeconds(),
    bisectBatchOnError: props.bisectBatchOnError,
    parallelizationFactor: props.parallelizationFactor,
    tumblingWindowSeconds: props.tumblingWindow?.toSeconds(),
    onFailureDestination: props.onFailure !== undefined,
    filters: props.filters,
  };
}

function onFailureDestination(destination: sqs.IQueue | sns.ITopic | s3.IBucket): lambda.IEventSourceDlq {
  if ('queueArn' in destination) return new SqsDlq(destination);
  if ('topicArn' in destination) return new SnsDlq(destination);
  return new S3Destination(destination);
}

/**
 * An S3 bucket as on-failure destination, granted what Lambda documents it needs (s3:PutObject on
 * its objects, s3:ListBucket on it, and the key's GenerateDataKey when encrypted), where the stock
 * `S3OnFailureDestination` grants read and write on the whole bucket.
 */
class S3Destination implements lambda.IEventSourceDlq {
  constructor(private readonly bucket: s3.IBucket) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }));
    targetHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    this.bucket.encryptionKey?.grant(targetHandler, 'kms:GenerateDataKey');
    return { destination: this.bucket.bucketArn };
  }
}
