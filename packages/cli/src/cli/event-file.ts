import type { KinesisStreamEvent } from '../local/types.js';
import { CliError } from './cli-error.js';
import { findJsonSyntaxError } from './json-syntax.js';

/**
 * Parses and checks an event file: it must be a Kinesis event as Lambda sends it.
 *
 * @throws CliError saying what is wrong and where (`Records[2].kinesis.sequenceNumber ...`).
 * @example
 * const event = parseKinesisEventFile(readInputFile('event.json'), 'event.json');
 */
export function parseKinesisEventFile(text: string, fileName: string): KinesisStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Not JSON.parse's message: it quotes the file, whose records hold payloads.
    const problem = findJsonSyntaxError(text);
    throw new CliError(
      `${fileName}: not valid JSON${problem === undefined ? ` (${(error as Error).name})` : ` at line ${problem.line}, column ${problem.column}: expected ${problem.expected}`}`,
    );
  }
  const notKinesis = (why: string) => new CliError(`${fileName} is not a Kinesis event: ${why}`);
  if (value === null || typeof value !== 'object' || !Array.isArray((value as { Records?: unknown }).Records)) {
    throw notKinesis('expected an object with a "Records" array');
  }
  const records = (value as { Records: unknown[] }).Records;
  if (records.length === 0) throw notKinesis('"Records" is empty; Lambda never invokes with an empty batch, so give at least one record');
  records.forEach((record, i) => {
    const at = `Records[${i}]`;
    if (record === null || typeof record !== 'object') throw notKinesis(`${at} is not an object`);
    const { eventSource, kinesis } = record as { eventSource?: unknown; kinesis?: Record<string, unknown> };
    if (eventSource !== undefined && eventSource !== 'aws:kinesis') throw notKinesis(`${at}.eventSource is ${JSON.stringify(eventSource)}, not "aws:kinesis"`);
    if (kinesis === null || typeof kinesis !== 'object') throw notKinesis(`${at} has no "kinesis" object`);
    if (typeof kinesis.sequenceNumber !== 'string' || !/^\d+$/.test(kinesis.sequenceNumber))
      throw notKinesis(`${at}.kinesis.sequenceNumber must be a string of digits`);
    if (typeof kinesis.partitionKey !== 'string') throw notKinesis(`${at}.kinesis.partitionKey must be a string`);
    if (typeof kinesis.data !== 'string') throw notKinesis(`${at}.kinesis.data must be a base64 string`);
  });
  return value as KinesisStreamEvent;
}
