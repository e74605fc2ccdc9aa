import 'reflect-metadata';
import { gzipSync } from 'node:zlib';
import {
  createHandler,
  OnInvalid,
  OnPartitionKey,
  OnRecord,
  OnUnmatched,
  RecordDecodeError,
  RecordValidationError,
  StreamHandler,
  type RecordError,
} from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { CloudWatchLogEvent, CloudWatchLogsData } from 'shardline/cloudwatch-logs';
import { captureLogger, silentLogger } from '../../support/capture-logger';
import { cloudWatchControlMessage, cloudWatchDataMessage } from './aws-samples';

/** What CloudWatch Logs puts into the stream: the JSON document, gzip-compressed. */
const subscriptionRecord = (message: unknown) => ({ data: gzipSync(JSON.stringify(message)), partitionKey: '7e9a1b1f2c3d4e5f60718293a4b5c6d7' });

/** A handler that asks for CloudWatchLogsData and records every call any of its methods gets. */
function logsHandler(options: Parameters<typeof createHandler>[1] = {}) {
  const batches: CloudWatchLogsData[] = [];
  const calls: string[] = [];
  const invalid: RecordError[] = [];
  @StreamHandler()
  class AppLogs {
    @OnRecord(CloudWatchLogsData)
    logs(data: CloudWatchLogsData) {
      calls.push('logs');
      batches.push(data);
    }
    @OnUnmatched()
    other() {
      calls.push('other');
    }
    @OnInvalid()
    quarantine(error: RecordError) {
      calls.push('quarantine');
      invalid.push(error);
    }
  }
  return { handler: createHandler([AppLogs], { logger: silentLogger, ...options }), batches, calls, invalid };
}

describe('CloudWatch Logs subscription data, through createHandler', () => {
  it('delivers the gzip-compressed DATA_MESSAGE to the route as a validated CloudWatchLogsData', async () => {
    const { handler, batches } = logsHandler();

    const response = await handler(kinesisEvent([subscriptionRecord(cloudWatchDataMessage())]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toBeInstanceOf(CloudWatchLogsData);
    expect(batches[0].logEvents[0]).toBeInstanceOf(CloudWatchLogEvent);
    expect(batches[0].logGroup).toBe('CloudTrail/logs');
    expect(batches[0].logEvents.map((event) => event.id)).toEqual([
      '31953106606966983378809025079804211143289615424298221568',
      '31953106606966983378809025079804211143289615424298221569',
    ]);
  });

  it('reports a CONTROL_MESSAGE as succeeded without calling any method', async () => {
    const { handler, calls } = logsHandler();

    const report = await handler.processBatch(kinesisEvent([subscriptionRecord(cloudWatchControlMessage())]));

    expect(calls).toEqual([]);
    expect(report.response).toEqual({ batchItemFailures: [] });
    expect(report.records.map((r) => [r.status, r.route])).toEqual([['succeeded', 'shardline.acknowledge (built in, for CloudWatchLogsData)']]);
  });

  it('logs the acknowledgement at debug level, without the payload', async () => {
    const logger = captureLogger();
    const { handler } = logsHandler({ logger });
    const event = kinesisEvent([subscriptionRecord(cloudWatchControlMessage())]);

    await handler(event);

    expect(logger.entries.filter((e) => e.message === 'record acknowledged by a built-in route')).toEqual([
      {
        level: 'debug',
        message: 'record acknowledged by a built-in route',
        fields: {
          coldStart: true,
          shardId: 'shardId-000000000000',
          sequenceNumber: event.Records[0].kinesis.sequenceNumber,
          partitionKey: event.Records[0].kinesis.partitionKey,
          type: 'CONTROL_MESSAGE',
        },
      },
    ]);
  });

  it('lists the built-in acknowledging route in handler.routes, after the declared ones', () => {
    const { handler } = logsHandler();

    const routes = handler.routes;

    expect(routes.map((r) => `${r.handler}.${r.method}`)).toEqual([
      'AppLogs.logs',
      'AppLogs.other',
      'AppLogs.quarantine',
      'shardline.acknowledge (built in, for CloudWatchLogsData)',
    ]);
    expect(routes[3]).toEqual({
      kind: 'record',
      handler: 'shardline',
      method: 'acknowledge (built in, for CloudWatchLogsData)',
      type: 'CONTROL_MESSAGE',
      discriminator: 'messageType',
      codec: 'json',
    });
  });

  it('handles data and control messages of one batch each their way, in order', async () => {
    const { handler, calls } = logsHandler();
    const event = kinesisEvent([
      subscriptionRecord(cloudWatchControlMessage()),
      subscriptionRecord(cloudWatchDataMessage({ logGroup: '/aws/lambda/a' })),
      subscriptionRecord(cloudWatchDataMessage({ logGroup: '/aws/lambda/b' })),
    ]);

    const report = await handler.processBatch(event);

    expect(calls).toEqual(['logs', 'logs']);
    expect(report.records.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('acknowledges control messages also for a handler that takes the class on a partition key route', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class ByKey {
      @OnPartitionKey(() => true, CloudWatchLogsData)
      logs(data: CloudWatchLogsData) {
        calls.push(data.messageType);
      }
    }
    const handler = createHandler([ByKey], { logger: silentLogger });

    const report = await handler.processBatch(kinesisEvent([subscriptionRecord(cloudWatchControlMessage()), subscriptionRecord(cloudWatchDataMessage())]));

    expect(calls).toEqual(['DATA_MESSAGE']);
    expect(report.records.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('gives control messages to a route of your own for CONTROL_MESSAGE instead', async () => {
    const seen: string[] = [];
    @StreamHandler()
    class Watchful {
      @OnRecord(CloudWatchLogsData)
      logs() {
        seen.push('data');
      }
      @OnRecord({ type: 'CONTROL_MESSAGE', discriminator: 'messageType', payload: CloudWatchLogsData })
      control(message: CloudWatchLogsData) {
        seen.push(message.logEvents[0].message);
      }
    }
    const handler = createHandler([Watchful], { logger: silentLogger });

    await handler(kinesisEvent([subscriptionRecord(cloudWatchControlMessage())]));

    expect(seen).toEqual(['CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.']);
    expect(handler.routes.map((r) => r.handler)).not.toContain('shardline');
  });

  it('sends a DATA_MESSAGE that fails validation to @OnInvalid', async () => {
    const { handler, invalid, batches } = logsHandler();

    await handler(kinesisEvent([subscriptionRecord(cloudWatchDataMessage({ logEvents: [{ id: '1', message: 'no timestamp' }] }))]));

    expect(batches).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('logEvents.0.timestamp');
  });

  it('cannot read subscription data when decompress is off: the gzip bytes are a decode error', async () => {
    const { handler, invalid, batches } = logsHandler({ decompress: false });

    await handler(kinesisEvent([subscriptionRecord(cloudWatchDataMessage())]));

    expect(batches).toEqual([]);
    expect(invalid[0]).toBeInstanceOf(RecordDecodeError);
    expect((invalid[0] as RecordDecodeError).stage).toBe('codec');
  });
});
