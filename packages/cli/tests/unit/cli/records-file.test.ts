import { CliError } from '../../../src/cli/cli-error';
import { parseKinesisEventFile } from '../../../src/cli/event-file';
import { parseRecordLines } from '../../../src/cli/records-file';

describe('parseRecordLines', () => {
  it('reads JSON data as its JSON text, strings as UTF-8 and base64 as bytes, skipping blank lines', () => {
    // Prepare
    const text = ['{"partitionKey":"a","data":{"n":1}}', '', '{"partitionKey":"b","data":"héllo"}', '{"partitionKey":"c","dataBase64":"AAEC","explicitHashKey":"42"}', ''].join('\n');

    // Act
    const records = parseRecordLines(text, 'r.jsonl');

    // Assert
    expect(records).toEqual([
      { partitionKey: 'a', data: Buffer.from('{"n":1}'), line: 1 },
      { partitionKey: 'b', data: Buffer.from('héllo', 'utf8'), line: 3 },
      { partitionKey: 'c', data: Buffer.from([0, 1, 2]), explicitHashKey: '42', line: 4 },
    ]);
  });

  it('accepts Windows line endings', () => {
    expect(parseRecordLines('{"partitionKey":"a","data":1}\r\n{"partitionKey":"b","data":2}\r\n', 'r.jsonl')).toHaveLength(2);
  });

  it.each([
    ['{"partitionKey":"a","data":1}\n{oops}', /^r\.jsonl:2: not valid JSON/],
    ['[1,2]', /^r\.jsonl:1: expected an object with "partitionKey" and "data"/],
    ['{"data":1}', /^r\.jsonl:1: "partitionKey" must be a string of 1 to 256 characters/],
    [`{"partitionKey":"${'k'.repeat(257)}","data":1}`, /"partitionKey" must be a string of 1 to 256/],
    ['{"partitionKey":"a"}', /^r\.jsonl:1: give exactly one of "data" or "dataBase64"/],
    ['{"partitionKey":"a","data":1,"dataBase64":"AA=="}', /give exactly one of "data" or "dataBase64"/],
    ['{"partitionKey":"a","dataBase64":"not base64!"}', /"dataBase64" must be a base64 string/],
    ['{"partitionKey":"a","data":1,"explicitHashKey":"x"}', /"explicitHashKey" must be a decimal string/],
  ])('rejects %s with the file and line', (text, message) => {
    expect(() => parseRecordLines(text, 'r.jsonl')).toThrow(CliError);
    expect(() => parseRecordLines(text, 'r.jsonl')).toThrow(message);
  });
});

describe('parseKinesisEventFile', () => {
  const record = {
    kinesis: { partitionKey: 'a', sequenceNumber: '49590338271490256608559692538361571095921575989136588898', data: 'e30=', approximateArrivalTimestamp: 1 },
    eventSource: 'aws:kinesis',
  };

  it('returns a Kinesis event unchanged', () => {
    expect(parseKinesisEventFile(JSON.stringify({ Records: [record] }), 'e.json')).toEqual({ Records: [record] });
  });

  it.each([
    ['not json', /e\.json: not valid JSON/],
    ['{"records":[]}', /e\.json is not a Kinesis event: expected an object with a "Records" array/],
    ['{"Records":[]}', /"Records" is empty/],
    ['{"Records":[{"eventSource":"aws:sqs","body":"x"}]}', /Records\[0\]\.eventSource is "aws:sqs", not "aws:kinesis"/],
    ['{"Records":[{"eventSource":"aws:kinesis"}]}', /Records\[0\] has no "kinesis" object/],
    [JSON.stringify({ Records: [{ ...record, kinesis: { ...record.kinesis, sequenceNumber: 12 } }] }), /Records\[0\]\.kinesis\.sequenceNumber must be a string of digits/],
    [JSON.stringify({ Records: [record, { ...record, kinesis: { ...record.kinesis, data: null } }] }), /Records\[1\]\.kinesis\.data must be a base64 string/],
  ])('rejects %s', (text, message) => {
    expect(() => parseKinesisEventFile(text, 'e.json')).toThrow(message);
  });
});
