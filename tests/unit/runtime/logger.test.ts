import { createJsonLogger } from 'shardline';
import { levelFromEnvironment } from '../../../src/runtime/logger';

describe('createJsonLogger', () => {
  it('writes one JSON object a line with level, message, timestamp and fields', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });

    logger.info('batch done', { records: 3 });

    expect(JSON.parse(lines[0])).toEqual({ level: 'info', message: 'batch done', timestamp: expect.any(String), records: 3 });
  });

  it('drops messages below its level', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'warn', write: (line) => lines.push(line) });

    logger.info('hidden');
    logger.error('shown');

    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['shown']);
  });

  it('writes errors as name, message and stack', () => {
    const lines: string[] = [];
    createJsonLogger({ level: 'debug', write: (line) => lines.push(line) }).error('failed', { error: new TypeError('boom') });

    expect(JSON.parse(lines[0]).error).toMatchObject({ name: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') });
  });
});

describe('levelFromEnvironment', () => {
  it('prefers SHARDLINE_LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then info', () => {
    expect(levelFromEnvironment({ SHARDLINE_LOG_LEVEL: 'debug', AWS_LAMBDA_LOG_LEVEL: 'ERROR' })).toBe('debug');
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(levelFromEnvironment({})).toBe('info');
    expect(levelFromEnvironment({ SHARDLINE_LOG_LEVEL: 'loud' })).toBe('info');
  });
});
