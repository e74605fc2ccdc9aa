import 'reflect-metadata';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { createHandler, OnInvalid, OnRecord, RecordValidationError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { DynamoDBChangeRecord } from 'shardline/dynamodb';
import { silentLogger } from '../../support/capture-logger';
import { dynamoDBInsert } from './aws-samples';
import { captureOutput } from '../../support/capture-output';

/** An INSERT whose new image holds `attributes` besides the sample's. */
function insertWith(attributes: Record<string, unknown>) {
  const record = dynamoDBInsert();
  Object.assign(record.dynamodb.NewImage, attributes);
  return record;
}

function quarantining() {
  const invalid: RecordError[] = [];
  const changes: DynamoDBChangeRecord[] = [];
  @StreamHandler()
  class Changes {
    @OnRecord(DynamoDBChangeRecord)
    changed(change: DynamoDBChangeRecord) {
      changes.push(change);
    }
    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  return { handler: createHandler([Changes], { logger: silentLogger }), invalid, changes };
}

describe('a DynamoDB change record that DynamoDBChangeRecord cannot take', () => {
  it('reaches @OnInvalid when an image has an attribute named "constructor"', async () => {
    const { handler, invalid, changes } = quarantining();

    const response = await handler(kinesisEvent([{ data: insertWith({ constructor: { S: 'x' } }) }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(changes).toEqual([]);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('a key named "constructor"');
  });

  it('reaches @OnInvalid when a number cannot be unmarshalled, saying where without quoting it', async () => {
    const { handler, invalid } = quarantining();

    await handler(kinesisEvent([{ data: insertWith({ Price: { N: '98765432109876543210.5' } }) }]));

    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('NewImage is not valid DynamoDB JSON: Price: N is a number that unmarshall cannot convert');
    expect(invalid[0].message).not.toContain('98765432109876543210');
  });

  it('leaves the number out of what a Powertools Logger prints for the failed record', async () => {
    @StreamHandler()
    class Changes {
      @OnRecord(DynamoDBChangeRecord)
      changed() {}
    }
    const handler = createHandler([Changes], { logger: new PowertoolsLogger({ serviceName: 'music', logLevel: 'DEBUG' }) });

    const { text: output } = await captureOutput(() => handler(kinesisEvent([{ data: insertWith({ Price: { NS: ['1', '98765432109876543210.5'] } }) }])));

    expect(output).toContain('NS holds a number that unmarshall cannot convert');
    expect(output).not.toContain('98765432109876543210');
  });
});
