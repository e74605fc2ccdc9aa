import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnFailureRecord, createOnFailureFile, type OnFailureRecord } from '../../../src/local/on-failure';

const records = [
  { sequenceNumber: '100', approximateArrivalTimestamp: new Date('2026-01-01T00:00:00.000Z') },
  { sequenceNumber: '101', approximateArrivalTimestamp: new Date('2026-01-01T00:00:01.500Z') },
];

describe('buildOnFailureRecord', () => {
  it('carries the metadata Lambda sends to an on-failure destination', () => {
    // Act
    const record = buildOnFailureRecord({
      requestId: 'req-1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      lastFunctionError: 'Unhandled',
      shardId: 'shardId-000000000001',
      streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
      records,
      now: new Date('2026-01-01T00:00:05.000Z'),
    });

    // Assert
    expect(record).toEqual({
      requestContext: {
        requestId: 'req-1',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2026-01-01T00:00:05.000Z',
      KinesisBatchInfo: {
        shardId: 'shardId-000000000001',
        startSequenceNumber: '100',
        endSequenceNumber: '101',
        approximateArrivalOfFirstRecord: '2026-01-01T00:00:00.000Z',
        approximateArrivalOfLastRecord: '2026-01-01T00:00:01.500Z',
        batchSize: 2,
        streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
      },
    });
  });

  it('leaves functionError out when the last invocation returned a partial failure', () => {
    // Act
    const record = buildOnFailureRecord({
      requestId: 'r',
      functionArn: 'f',
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 1,
      shardId: 's',
      streamArn: 'a',
      records,
    });

    // Assert
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
  });
});

describe('createOnFailureFile', () => {
  it('appends one JSON line per record, in order, creating the directory', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'shardline-')), 'nested', 'failures.jsonl');
    const write = createOnFailureFile(path);
    const make = (requestId: string) =>
      buildOnFailureRecord({ requestId, functionArn: 'f', condition: 'RecordAgeExceeded', approximateInvokeCount: 0, shardId: 's', streamArn: 'a', records });

    // Act
    await Promise.all([write(make('first')), write(make('second'))]);

    // Assert
    const lines = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as OnFailureRecord);
    expect(lines.map((line) => line.requestContext.requestId)).toEqual(['first', 'second']);
  });
});
