/**
 * A payload type is payload content (a discriminator can read any field): the summary of records
 * no route matched counts them at info level, and names their types, each cut to 64 characters,
 * at debug level only (issue 11, item 4b).
 */
import 'reflect-metadata';
import { createHandler, createJsonLogger, OnRecord, StreamHandler, type LogLevel } from 'shardline';
import { kinesisEvent } from 'shardline/testing';

@StreamHandler()
class OnlyCreated {
  @OnRecord('created')
  created() {}
}

/** A type that carries personal data, as a discriminator reading the wrong field would give. */
const SECRET_TYPE = 'customer jane.doe@example.com asked to close account 4111-1111-1111-1111 and be forgotten';

async function linesAt(level: LogLevel, types: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const handler = createHandler([OnlyCreated], { logger: createJsonLogger({ level, write: (line) => lines.push(line) }), batchLog: 'off' });

  await handler(kinesisEvent(types.map((type) => ({ data: { type } }))));

  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the line about records that matched no route', () => {
  it('carries counts only at info level, never a type name', async () => {
    const lines = await linesAt('info', [SECRET_TYPE, 'deleted', SECRET_TYPE]);

    expect(lines).toEqual([
      {
        level: 'info',
        message: '3 records matched no route and were skipped',
        timestamp: expect.any(String) as unknown,
        coldStart: true,
        shardId: 'shardId-000000000000',
        skipped: 3,
        distinctTypes: 2,
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('jane.doe');
    expect(JSON.stringify(lines)).not.toContain('deleted');
  });

  it('names the types at debug level, each cut to 64 characters', async () => {
    const lines = await linesAt('debug', [SECRET_TYPE, 'deleted', SECRET_TYPE]);

    const debug = lines.find((line) => line.level === 'debug');
    expect(debug?.types).toEqual({ [SECRET_TYPE.slice(0, 64)]: 2, deleted: 1 });
  });

  it('counts together, at debug level, types that are alike in their first 64 characters', async () => {
    const prefix = 'p'.repeat(64);

    const lines = await linesAt('debug', [`${prefix}-one`, `${prefix}-two`, 'short']);

    expect(lines.find((line) => line.level === 'debug')?.types).toEqual({ [prefix]: 2, short: 1 });
    expect(lines.find((line) => line.level === 'info')).toMatchObject({ skipped: 3, distinctTypes: 3 });
  });

  it('names a type called __proto__ like any other, at debug level', async () => {
    const lines = await linesAt('debug', ['__proto__', '__proto__']);

    expect(JSON.stringify(lines.find((line) => line.level === 'debug')?.types)).toBe('{"__proto__":2}');
  });
});
