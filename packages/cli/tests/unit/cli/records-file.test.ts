import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../src/cli/cli-error';
import { parseKinesisEventFile } from '../../../src/cli/event-file';
import { parseRecordLines, readInputFile } from '../../../src/cli/records-file';

describe('parseRecordLines', () => {
  it('reads JSON data as its JSON text, strings as UTF-8 and base64 as bytes, skipping blank lines', () => {
    // Prepare
    const text = [
      '{"partitionKey":"a","data":{"n":1}}',
      '',
      '{"partitionKey":"b","data":"héllo"}',
      '{"partitionKey":"c","dataBase64":"AAEC","explicitHashKey":"42"}',
      '',
    ].join('\n');

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

  it.each([
    ['an empty file', '', 'r.jsonl has no records (it is empty)'],
    ['a file of blank lines', '\n  \r\n\t\n', 'r.jsonl has no records (only blank lines)'],
  ])('rejects %s: Lambda never invokes with an empty batch', (_case, text, message) => {
    expect(() => parseRecordLines(text, 'r.jsonl')).toThrow(
      `${message}; expected one JSON object a line, such as {"partitionKey": "customer-1", "data": {"type": "order.created"}}`,
    );
  });

  it.each([
    [
      'a trailing comma',
      '{"partitionKey":"c-1","data":["4111 1111 1111 1111",]}',
      'r.jsonl:1: not valid JSON at column 53: expected a value (an object, array, string, number, true, false or null)',
    ],
    [
      'a missing comma',
      '{"partitionKey":"c-1" "data":"4111 1111 1111 1111"}',
      "r.jsonl:1: not valid JSON at column 23: expected ',' or '}' after a property value",
    ],
    ['single quotes', "{'partitionKey':'4111 1111 1111 1111'}", 'r.jsonl:1: not valid JSON at column 2: expected a property name in double quotes'],
  ])('says where a line with %s is not JSON, and nothing of its content', (_case, text, message) => {
    // Act
    let error: Error | undefined;
    try {
      parseRecordLines(text, 'r.jsonl');
    } catch (thrown) {
      error = thrown as Error;
    }

    // Assert
    expect(error?.message).toBe(message);
    expect(error?.cause).toBeUndefined();
  });
});

describe('readInputFile', () => {
  it('drops a UTF-8 byte order mark, which JSON.parse refuses', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'shardline-read-input-'));
    const path = join(dir, 'event.json');
    writeFileSync(path, '\ufeff{"Records":[]}');

    // Act
    const text = readInputFile(path);
    rmSync(dir, { recursive: true, force: true });

    // Assert
    expect(text).toBe('{"Records":[]}');
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
    ['{"Records":[]}', 'e.json is not a Kinesis event: "Records" is empty; Lambda never invokes with an empty batch, so give at least one record'],
    [
      '{"Records": [\n  {"kinesis": {"data": "NDExMSAxMTEx"}},\n]}',
      'e.json: not valid JSON at line 3, column 1: expected a value (an object, array, string, number, true, false or null)',
    ],
    ['{"Records":[{"eventSource":"aws:sqs","body":"x"}]}', /Records\[0\]\.eventSource is "aws:sqs", not "aws:kinesis"/],
    ['{"Records":[{"eventSource":"aws:kinesis"}]}', /Records\[0\] has no "kinesis" object/],
    [
      JSON.stringify({ Records: [{ ...record, kinesis: { ...record.kinesis, sequenceNumber: 12 } }] }),
      /Records\[0\]\.kinesis\.sequenceNumber must be a string of digits/,
    ],
    [JSON.stringify({ Records: [record, { ...record, kinesis: { ...record.kinesis, data: null } }] }), /Records\[1\]\.kinesis\.data must be a base64 string/],
  ])('rejects %s', (text, message) => {
    expect(() => parseKinesisEventFile(text, 'e.json')).toThrow(message);
  });
});
