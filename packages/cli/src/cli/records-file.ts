import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { findJsonSyntaxError } from './json-syntax.js';

/**
 * A record to put or to invoke with, as read from a JSON lines file.
 *
 * @example
 * const [first]: RecordLine[] = parseRecordLines(text, 'records.jsonl');
 */
export interface RecordLine {
  partitionKey: string;
  data: Buffer;
  explicitHashKey?: string;
  /** 1-based line number, for messages. */
  line: number;
}

/**
 * Reads a file, with a CLI error instead of an ENOENT stack.
 *
 * @example
 * const text = readInputFile('records.jsonl');
 */
export function readInputFile(path: string): string {
  try {
    // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON.parse refuses.
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Parses a records JSON lines file: one `{"partitionKey", "data" | "dataBase64", "explicitHashKey"?}` a line.
 *
 * @throws CliError naming the file and line of the first malformed line (never quoting it: it is
 *   payload), or saying the file holds no record.
 * @example
 * parseRecordLines('{"partitionKey":"c-1","data":{"type":"order.created"}}\n', 'records.jsonl');
 * // [{ partitionKey: 'c-1', data: <Buffer 7b 22 ...>, line: 1 }]
 */
export function parseRecordLines(text: string, fileName: string): RecordLine[] {
  const records: RecordLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const where = `${fileName}:${line}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      // Not JSON.parse's message: it quotes the line, which is payload.
      const problem = findJsonSyntaxError(raw);
      throw new CliError(
        `${where}: not valid JSON${problem === undefined ? ` (${(error as Error).name})` : ` at column ${problem.column}: expected ${problem.expected}`}`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new CliError(`${where}: expected an object with "partitionKey" and "data"`);
    const { partitionKey, data, dataBase64, explicitHashKey } = value as Record<string, unknown>;
    if (typeof partitionKey !== 'string' || partitionKey.length === 0 || partitionKey.length > 256) {
      throw new CliError(`${where}: "partitionKey" must be a string of 1 to 256 characters`);
    }
    if ((data === undefined) === (dataBase64 === undefined)) throw new CliError(`${where}: give exactly one of "data" or "dataBase64"`);
    if (dataBase64 !== undefined && (typeof dataBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64))) {
      throw new CliError(`${where}: "dataBase64" must be a base64 string`);
    }
    if (explicitHashKey !== undefined && (typeof explicitHashKey !== 'string' || !/^\d{1,39}$/.test(explicitHashKey))) {
      throw new CliError(`${where}: "explicitHashKey" must be a decimal string`);
    }
    const bytes = dataBase64 !== undefined ? Buffer.from(dataBase64, 'base64') : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data), 'utf8');
    records.push({ partitionKey, data: bytes, line, ...(explicitHashKey !== undefined ? { explicitHashKey } : {}) });
  });
  // Lambda never invokes with an empty batch, and PutRecords refuses one: an empty file is a mistake.
  if (records.length === 0) {
    throw new CliError(
      `${fileName} has no records (${text === '' ? 'it is empty' : 'only blank lines'}); expected one JSON object a line, such as {"partitionKey": "customer-1", "data": {"type": "order.created"}}`,
    );
  }
  return records;
}
