import 'reflect-metadata';
import { createHandler, OnRecord, StreamHandler, type HandlerOptions, type RecordContext } from 'shardline';
import { CloudWatchLogsData } from 'shardline/cloudwatch-logs';
import { AlarmSink } from './alarm-sink';

const ERROR_LINE = /\b(ERROR|FATAL)\b/;

/**
 * Reads the log groups that a CloudWatch Logs subscription filter sends to a Kinesis stream and
 * raises an alarm for every ERROR or FATAL line. The records arrive gzip-compressed (shardline
 * inflates them) and CloudWatch's CONTROL_MESSAGE health checks never reach `logs`: the
 * CloudWatchLogsData class acknowledges them.
 */
@StreamHandler()
export class ErrorAlarms {
  constructor(readonly sink = new AlarmSink()) {}

  @OnRecord(CloudWatchLogsData)
  async logs(data: CloudWatchLogsData, { logger }: RecordContext): Promise<void> {
    let raised = 0;
    for (const event of data.logEvents) {
      if (!ERROR_LINE.test(event.message)) continue;
      await this.sink.raise(data.logGroup, event.timestamp, event.message);
      raised++;
    }
    logger.debug('log batch scanned', { logGroup: data.logGroup, events: data.logEvents.length, raised });
  }
}

/** One log stream's batches in order (the subscription's partition key is per log stream). */
export const errorAlarmsOptions: HandlerOptions = { ordering: 'partition-key' };

export const errorAlarms = new ErrorAlarms();

/** The Lambda entrypoint. */
export const handler = createHandler([errorAlarms], errorAlarmsOptions);
