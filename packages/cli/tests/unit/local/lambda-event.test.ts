import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildKinesisEvent, buildTimeWindowEvent, createLambdaContext, parseStreamArn } from '../../../src/local/lambda-event';

const source = {
  shardId: 'shardId-000000000003',
  streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
  region: 'eu-west-1',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/shardline-local',
};

describe('buildKinesisEvent', () => {
  it('builds the record Lambda sends: base64 data, epoch-second arrival, shard-qualified event id', () => {
    // Prepare
    const record = {
      partitionKey: 'customer-1',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      data: new Uint8Array(Buffer.from('{"a":1}')),
      approximateArrivalTimestamp: new Date(1_714_557_600_123),
    };

    // Act
    const event = buildKinesisEvent([record], source);

    // Assert
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'customer-1',
            sequenceNumber: record.sequenceNumber,
            data: Buffer.from('{"a":1}').toString('base64'),
            approximateArrivalTimestamp: 1_714_557_600.123,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000003:${record.sequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: source.invokeIdentityArn,
          awsRegion: 'eu-west-1',
          eventSourceARN: source.streamArn,
        },
      ],
    });
  });

  it('encodes only the bytes of a view into a larger buffer', () => {
    // Prepare
    const backing = Buffer.from('xxhelloxx');
    const data = new Uint8Array(backing.buffer, backing.byteOffset + 2, 5);

    // Act
    const event = buildKinesisEvent([{ partitionKey: 'k', sequenceNumber: '1', data, approximateArrivalTimestamp: new Date() }], source);

    // Assert
    expect(Buffer.from(event.Records[0].kinesis.data, 'base64').toString()).toBe('hello');
  });
});

describe('buildTimeWindowEvent', () => {
  const windowInvocation = {
    window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
    state: { '1': 282, '2': 715 },
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
  };

  it("builds Lambda's documented tumbling-window event, field for field and in its order", () => {
    // Prepare: the event of Lambda's documentation (the fixture aws-lambda-dotnet's tests use).
    const documented = readFileSync(resolve(__dirname, '../../../../../tests/fixtures/kinesis-timewindow-event.json'), 'utf8');
    const record = {
      partitionKey: '1',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      data: new Uint8Array(Buffer.from('Hello, this is a test.')),
      approximateArrivalTimestamp: new Date(1_607_497_475_000),
    };
    const documentedSource = {
      shardId: 'shardId-000000000006',
      streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream',
      region: 'us-east-1',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-kinesis-role',
    };

    // Act
    const event = buildTimeWindowEvent([record], documentedSource, windowInvocation);

    // Assert
    expect(JSON.stringify(event)).toBe(JSON.stringify(JSON.parse(documented)));
  });

  it('gives each invocation its own copy of the state, as a JSON round trip would', () => {
    // Prepare
    const event = buildTimeWindowEvent([], source, windowInvocation);

    // Act: a handler that aggregates in place, like the Python example of Lambda's documentation.
    event.state['1'] = 0;

    // Assert
    expect(windowInvocation.state['1']).toBe(282);
  });

  it('builds a final invocation without records', () => {
    const event = buildTimeWindowEvent([], source, { ...windowInvocation, isFinalInvokeForWindow: true });

    expect(event).toMatchObject({ Records: [], isFinalInvokeForWindow: true, shardId: source.shardId, eventSourceARN: source.streamArn });
  });
});

describe('createLambdaContext', () => {
  const fn = { functionName: 'orders', region: 'eu-west-1', accountId: '123456789012' };

  it('counts the remaining time down to the deadline and never below zero', () => {
    // Prepare
    const now = Date.now();

    // Act
    const live = createLambdaContext(fn, now + 5_000).context.getRemainingTimeInMillis();
    const past = createLambdaContext(fn, now - 5_000).context.getRemainingTimeInMillis();

    // Assert
    expect(live).toBeGreaterThan(4_000);
    expect(live).toBeLessThanOrEqual(5_000);
    expect(past).toBe(0);
  });

  it('describes the function like the Node.js runtime does', () => {
    // Act
    const { context } = createLambdaContext(fn, Date.now() + 1_000, 'req-1');

    // Assert
    expect(context).toMatchObject({
      functionName: 'orders',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      memoryLimitInMB: '128',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/orders',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it('settles the legacy result when the handler calls succeed or fail', async () => {
    // Prepare
    const ok = createLambdaContext(fn, Date.now() + 1_000);
    const ko = createLambdaContext(fn, Date.now() + 1_000);

    // Act
    ok.context.succeed({ batchItemFailures: [] });
    ko.context.fail('broken');

    // Assert
    await expect(ok.legacyResult).resolves.toEqual({ batchItemFailures: [] });
    await expect(ko.legacyResult).rejects.toThrow('broken');
  });
});

describe('parseStreamArn', () => {
  it('reads region, account and name from a stream ARN', () => {
    expect(parseStreamArn(source.streamArn)).toEqual({ region: 'eu-west-1', accountId: '123456789012', streamName: 'orders' });
  });

  it('returns undefined for something that is not a stream ARN', () => {
    expect(parseStreamArn('arn:aws:sqs:eu-west-1:123456789012:queue')).toBeUndefined();
  });
});
