import { CloudWatchLogEvent, CloudWatchLogsData } from '../../../../src/formats/cloudwatch-logs';
import { cloudWatchControlMessage, cloudWatchDataMessage } from '../../../e2e/formats/aws-samples';
import { validateAs, validationErrorOf } from '../validate';

describe('CloudWatchLogsData', () => {
  it('validates the documented DATA_MESSAGE into instances, log events included', () => {
    const data = validateAs(CloudWatchLogsData, cloudWatchDataMessage());

    expect(data).toBeInstanceOf(CloudWatchLogsData);
    expect(data.logEvents[1]).toBeInstanceOf(CloudWatchLogEvent);
    expect(data.logEvents.map((event) => event.timestamp)).toEqual([1432826855000, 1432826855000]);
  });

  it('validates a CONTROL_MESSAGE too, for a route that asks for one', () => {
    const data = validateAs(CloudWatchLogsData, cloudWatchControlMessage());

    expect(data.messageType).toBe('CONTROL_MESSAGE');
  });

  it('keeps the fields an extracting filter pattern adds to log events', () => {
    const message = cloudWatchDataMessage({
      logEvents: [{ id: '1', timestamp: 1, message: '127.0.0.1 GET', extractedFields: { ip: '127.0.0.1', verb: 'GET' } }],
    });

    const data = validateAs(CloudWatchLogsData, message);

    expect(data.logEvents[0].extractedFields).toEqual({ ip: '127.0.0.1', verb: 'GET' });
  });

  it('rejects a batch without log events', () => {
    const error = validationErrorOf(CloudWatchLogsData, cloudWatchDataMessage({ logEvents: [] }));

    expect(error.message).toContain('logEvents: logEvents must contain at least 1 elements');
  });

  it('rejects an unknown message type', () => {
    const error = validationErrorOf(CloudWatchLogsData, cloudWatchDataMessage({ messageType: 'SOMETHING_ELSE' }));

    expect(error.message).toContain('messageType: messageType must be one of the following values: DATA_MESSAGE, CONTROL_MESSAGE');
  });

  it('names the property path of a bad log event', () => {
    const message = cloudWatchDataMessage({ logEvents: [{ id: '1', timestamp: '2015-05-28', message: 'x' }] });

    const error = validationErrorOf(CloudWatchLogsData, message);

    expect(error.message).toContain('logEvents.0.timestamp: timestamp must be a number');
  });

  it('rejects a batch whose subscription filters are not strings', () => {
    const error = validationErrorOf(CloudWatchLogsData, cloudWatchDataMessage({ subscriptionFilters: [7] }));

    expect(error.errors.map((e) => e.property)).toEqual(['subscriptionFilters']);
  });
});
