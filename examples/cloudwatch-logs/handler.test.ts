import 'reflect-metadata';
import { gzipSync } from 'node:zlib';
import { createHandler } from 'shardline';
import { kinesisEvent, lambdaContext } from 'shardline/testing';
import { AlarmSink } from './alarm-sink';
import { ErrorAlarms, errorAlarmsOptions } from './handler';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function alarmsHandler() {
  const sink = new AlarmSink();
  return { sink, handler: createHandler([new ErrorAlarms(sink)], { ...errorAlarmsOptions, logger: silent }) };
}

/** A subscription record as CloudWatch Logs writes it: the documented JSON, gzip-compressed. */
function subscriptionRecord(logGroup: string, messages: string[]) {
  const data = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream: '2026/11/28/[$LATEST]0123456789abcdef',
    subscriptionFilters: ['errors-to-kinesis'],
    logEvents: messages.map((message, i) => ({ id: `3195310660696698337880902507980421114328961542429822156${i}`, timestamp: 1_764_000_000_000 + i, message })),
  };
  return { data: gzipSync(JSON.stringify(data)), partitionKey: 'a1b2c3d4e5f6' };
}

const controlRecord = () => ({
  data: gzipSync(
    JSON.stringify({
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 1_764_000_000_000, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }],
    }),
  ),
  partitionKey: 'control',
});

describe('the CloudWatch Logs error alarms example', () => {
  it('raises an alarm for each ERROR or FATAL line of a subscription batch', async () => {
    const { sink, handler } = alarmsHandler();
    const event = kinesisEvent([
      subscriptionRecord('/aws/lambda/checkout', ['START RequestId: 1', 'ERROR payment declined', 'END RequestId: 1', 'FATAL out of memory']),
    ]);

    const response = await handler(event, lambdaContext({ remainingTimeMs: 30_000 }));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(sink.alarms.map((a) => [a.logGroup, a.line])).toEqual([
      ['/aws/lambda/checkout', 'ERROR payment declined'],
      ['/aws/lambda/checkout', 'FATAL out of memory'],
    ]);
  });

  it('acknowledges the subscription health check without scanning it', async () => {
    const { sink, handler } = alarmsHandler();

    const report = await handler.processBatch(kinesisEvent([controlRecord(), subscriptionRecord('/aws/lambda/api', ['ERROR timeout'])]));

    expect(report.records.map((r) => [r.status, r.route])).toEqual([
      ['succeeded', 'shardline.acknowledge (built in, for CloudWatchLogsData)'],
      ['succeeded', 'ErrorAlarms.logs'],
    ]);
    expect(sink.alarms.map((a) => a.line)).toEqual(['ERROR timeout']);
  });
});
