/**
 * The construct's CloudFormation, one setting at a time, and its refusals. Every consumer that
 * deploys lives in one stack synthesized once (synth is the slow part); bundling is skipped here
 * (the orders bundle test runs esbuild), the handler modules are still loaded to read their routes.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HandlerInspectionError, KinesisConsumer, UnsafeConsumerError, type KinesisConsumerProps } from '@shardline/cdk';
import { relative, resolve } from 'node:path';

const HANDLERS = relative(process.cwd(), resolve(__dirname, 'fixtures/handlers.ts'));
const THROWS_ON_LOAD = relative(process.cwd(), resolve(__dirname, 'fixtures/throws-on-load.ts'));
/** A handler with @WindowReduce and @OnWindowEnd, ordered by partition key. */
const WINDOWED = relative(process.cwd(), resolve(__dirname, '../../../examples/windowed-revenue/handler.ts'));

function newStack(): { stack: Stack; stream: kinesis.Stream } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Consumers', { env: { account: '123456789012', region: 'us-east-1' } });
  return { stack, stream: new kinesis.Stream(stack, 'Stream') };
}

describe('KinesisConsumer', () => {
  const { stack, stream } = newStack();
  const encrypted = new kinesis.Stream(stack, 'EncryptedStream', { encryption: kinesis.StreamEncryption.KMS });
  const queue = new sqs.Queue(stack, 'Failures');
  const topic = new sns.Topic(stack, 'FailureTopic');
  const bucket = new s3.Bucket(stack, 'FailureBucket');
  const consumer = (id: string, props: Partial<KinesisConsumerProps>) =>
    new KinesisConsumer(stack, id, { stream, entry: HANDLERS, onFailure: queue, ...props });

  const defaults = consumer('Defaults', {});
  const tuned = consumer('Tuned', {
    timeout: Duration.minutes(2),
    batchSize: 500,
    maxBatchingWindow: Duration.seconds(5),
    startingPosition: 'AT_TIMESTAMP' as lambda.StartingPosition,
    startingPositionTimestamp: 1_700_000_000,
    retryAttempts: 10,
    maxRecordAge: Duration.hours(1),
    enabled: false,
  });
  const throwing = consumer('Throwing', { handler: 'throwing' });
  const parallel = consumer('Parallel', { handler: 'keyOrdered', parallelizationFactor: 4 });
  consumer('WideMargin', { handler: 'wideMargin' });
  const filtered = consumer('Filtered', { filters: { from: 'routes', aggregated: false, compressed: false } });
  const toTopic = consumer('ToTopic', { onFailure: topic });
  const toBucket = consumer('ToBucket', { onFailure: bucket });
  const fromEncrypted = consumer('FromEncrypted', { stream: encrypted });
  const alarmed = consumer('Alarmed', { iteratorAgeAlarm: { threshold: Duration.minutes(5) } });
  const noDestination = new KinesisConsumer(stack, 'NoDestination', { stream, entry: HANDLERS });
  const bisecting = consumer('Bisecting', { bisectBatchOnError: true });
  const windowed = consumer('Windowed', { entry: WINDOWED, tumblingWindow: Duration.minutes(5) });
  const template = Template.fromStack(stack);

  const ref = (construct: KinesisConsumer) => ({ Ref: stack.getLogicalId(construct.function.node.defaultChild as lambda.CfnFunction) });
  const mappingOf = (construct: KinesisConsumer) => {
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: ref(construct) } });
    expect(Object.keys(mappings)).toHaveLength(1);
    return Object.values(mappings)[0].Properties as Record<string, unknown>;
  };
  const policyOf = (construct: KinesisConsumer) => {
    const role = stack.getLogicalId(construct.function.role?.node.defaultChild as never);
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
    return JSON.stringify(
      Object.values(policies).map((policy) => (policy as { Properties: { PolicyDocument: { Statement: unknown } } }).Properties.PolicyDocument.Statement),
    );
  };

  it('always turns ReportBatchItemFailures on, and otherwise uses shardline defaults', () => {
    expect(mappingOf(defaults)).toEqual({
      FunctionName: ref(defaults),
      EventSourceArn: { 'Fn::GetAtt': [stack.getLogicalId(stream.node.defaultChild as kinesis.CfnStream), 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: false,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'Arn'] } } },
    });
  });

  it('deploys the handler export as an ES module on Node 22 with a 60 s timeout and source maps enabled', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Timeout: 60,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.throwing' } })).not.toEqual({});
  });

  it('passes on every mapping setting it is given', () => {
    expect(mappingOf(tuned)).toMatchObject({
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 5,
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1_700_000_000,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 3600,
      Enabled: false,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 120 });
  });

  it('bisects batches when the handler throws on a full batch failure', () => {
    expect(mappingOf(throwing)).toMatchObject({ BisectBatchOnFunctionError: true });
  });

  it('takes a parallelization factor when the handler orders by partition key', () => {
    expect(mappingOf(parallel)).toMatchObject({ ParallelizationFactor: 4 });
  });

  it('gives a handler with a wide deadline margin a timeout that keeps it whole', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.wideMargin', Timeout: 90 });
  });

  it('aggregates over the tumbling window a handler with window methods needs', () => {
    expect(mappingOf(windowed)).toMatchObject({ TumblingWindowInSeconds: 300, ParallelizationFactor: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it("filters records by the handler's payload types", () => {
    expect(mappingOf(filtered)).toMatchObject({ FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order.created","order.cancelled"]}}' }] } });
    expect(mappingOf(defaults)).not.toHaveProperty('FilterCriteria');
  });

  it('lets the function read the stream and send to an SQS destination, and nothing else', () => {
    const policy = policyOf(defaults);
    expect(policy).toMatch(/kinesis:GetRecords/);
    expect(policy).toMatch(/sqs:SendMessage/);
    expect(policy).not.toMatch(/sns:|s3:|kms:|kinesis:Put/);
  });

  it('publishes to an SNS destination', () => {
    expect(mappingOf(toTopic)).toMatchObject({
      DestinationConfig: { OnFailure: { Destination: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } } },
    });
    expect(policyOf(toTopic)).toMatch(/sns:Publish/);
  });

  it('puts objects into an S3 destination, without reading or deleting them', () => {
    // Assert
    expect(mappingOf(toBucket)).toMatchObject({
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] } } },
    });
    const policy = policyOf(toBucket);
    expect(policy).toMatch(/"s3:PutObject"/);
    expect(policy).toMatch(/"s3:ListBucket"/);
    expect(policy).not.toMatch(/s3:GetObject|s3:DeleteObject|s3:\*/);
  });

  it('decrypts with the key of an encrypted stream', () => {
    expect(policyOf(fromEncrypted)).toMatch(/kms:Decrypt/);
  });

  it("alarms on the function's iterator age", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: 300_000,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'FunctionName', Value: ref(alarmed) }],
    });
    expect(template.findResources('AWS::CloudWatch::Alarm')).toEqual({
      [stack.getLogicalId(alarmed.iteratorAgeAlarm?.node.defaultChild as never)]: expect.anything() as unknown,
    });
  });

  it('warns when nothing keeps the batches Lambda gives up on', () => {
    Annotations.fromStack(stack).hasWarning(`/${noDestination.node.path}`, Match.stringLikeRegexp('without an on-failure destination'));
    expect(Annotations.fromStack(stack).findWarning(`/${defaults.node.path}`, Match.anyValue())).toEqual([]);
  });

  it('warns that bisect needs throwOnFullBatchFailure', () => {
    Annotations.fromStack(stack).hasWarning(`/${bisecting.node.path}`, Match.stringLikeRegexp('set throwOnFullBatchFailure: true'));
  });
});

describe('KinesisConsumer refuses', () => {
  function refusal(props: Partial<KinesisConsumerProps>): Error {
    const { stack, stream } = newStack();
    try {
      new KinesisConsumer(stack, 'Consumer', { stream, entry: HANDLERS, ...props });
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the construct to refuse');
  }

  it('a timeout that the deadline margin does not fit in', () => {
    const error = refusal({ timeout: Duration.seconds(3) });

    expect(error).toBeInstanceOf(UnsafeConsumerError);
    expect(error.message).toMatch(
      /Consumers\/Consumer refused:\n- a function timeout of 3 s is too short for deadlineMarginMs 2000.*at least 4 s.* \[timeout\]/s,
    );
  });

  it('a parallelization factor that breaks the order of the shard the handler keeps', () => {
    expect(refusal({ parallelizationFactor: 2 }).message).toMatch(/a parallelization factor of 2.*ordering: 'shard', the default/);
  });

  it('a tumbling window for a handler without window methods', () => {
    expect(refusal({ tumblingWindow: Duration.minutes(1) }).message).toMatch(
      /the handler has no window methods.*Add a @WindowReduce method.* \[tumbling-window\]/,
    );
  });

  it('window methods without a tumbling window', () => {
    expect(refusal({ entry: WINDOWED }).message).toMatch(
      /WindowedRevenue\.add \(@WindowReduce\).*but the mapping has no tumbling window.*tumblingWindow in KinesisConsumer/,
    );
  });

  it('a tumbling window with a parallelization factor above 1', () => {
    expect(refusal({ entry: WINDOWED, tumblingWindow: Duration.minutes(1), parallelizationFactor: 2 }).message).toMatch(
      /a tumbling window needs a parallelization factor of 1, but it is 2/,
    );
  });

  it('a tumbling window longer than 15 minutes', () => {
    expect(refusal({ entry: WINDOWED, tumblingWindow: Duration.minutes(16) }).message).toMatch(/tumbling window .*from 0 to 900, but is 960/);
  });

  it('filters that a partition key route makes inexact, naming the route', () => {
    expect(refusal({ handler: 'audited', filters: { from: 'routes', aggregated: false, compressed: false } }).message).toMatch(
      /route Audited\.audit matches partition key/,
    );
  });

  it('filters while producers may aggregate or compress', () => {
    expect(refusal({ filters: 'routes' }).message).toMatch(/KPL-aggregated[\s\S]*compressed records/);
  });

  it('an export that is not a shardline handler', () => {
    const error = refusal({ handler: 'plain' });

    expect(error).toBeInstanceOf(HandlerInspectionError);
    expect(error.message).toMatch(/export "plain" of .*handlers\.ts is not a shardline handler: it is a function without a route table/);
  });

  it('a missing export, listing those there are', () => {
    expect(refusal({ handler: 'ordres' }).message).toMatch(/has no export "ordres" \(it exports: audited, handler, keyOrdered, plain, throwing, wideMargin\)/);
  });

  it("a module that does not load, with the module's error", () => {
    const error = refusal({ entry: THROWS_ON_LOAD });

    expect(error).toBeInstanceOf(HandlerInspectionError);
    expect(error.message).toMatch(/loading .*throws-on-load\.ts at synth time failed: Error: ORDERS_TABLE is not set/);
  });
});

describe('KinesisConsumer loads the handler module', () => {
  it("with the function's environment", () => {
    // Arrange
    const { stack, stream } = newStack();

    // Act
    const consumer = new KinesisConsumer(stack, 'Consumer', { stream, entry: THROWS_ON_LOAD, functionProps: { environment: { ORDERS_TABLE: 'orders' } } });

    // Assert
    expect(consumer.handlerFacts.routes.map((route) => route.type)).toEqual(['order.created']);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { ORDERS_TABLE: 'orders', NODE_OPTIONS: '--enable-source-maps' } },
    });
  });
});
