import { createJsonLogger, type Logger } from 'shardline';
import { isDisabled, levelFromEnvironment, logSafely } from '../../../src/runtime/logger';

describe('createJsonLogger', () => {
  it('writes one JSON object a line with level, message, timestamp and fields', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });

    logger.info('batch done', { records: 3 });

    expect(JSON.parse(lines[0])).toEqual({ level: 'info', message: 'batch done', timestamp: expect.any(String) as unknown, records: 3 });
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

    expect((JSON.parse(lines[0]) as { error: unknown }).error).toMatchObject({
      name: 'TypeError',
      message: 'boom',
      stack: expect.stringContaining('TypeError: boom') as unknown,
    });
  });
});

describe('createJsonLogger, given values JSON.stringify throws on', () => {
  function linesOf(log: (logger: Logger) => void): Array<Record<string, unknown>> {
    const lines: string[] = [];
    log(createJsonLogger({ level: 'debug', write: (line) => lines.push(line) }));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes a line for a circular field instead of throwing', () => {
    const value: Record<string, unknown> = { n: 1 };
    value.self = value;

    expect(linesOf((logger) => logger.error('failed', { error: value }))[0].error).toEqual({ n: 1, self: '[Circular]' });
  });

  it('writes a line when the fields object itself is a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    expect(linesOf((logger) => logger.warn('odd', proxy as Record<string, unknown>))[0]).toMatchObject({
      level: 'warn',
      message: 'odd',
      fields: '[Unreadable]',
    });
  });

  it('writes a line when a field has a getter that throws', () => {
    const fields = {
      get broken(): string {
        throw new Error('no');
      },
    };

    expect(linesOf((logger) => logger.info('odd', fields))[0]).toMatchObject({ message: 'odd', broken: '[Unreadable]' });
  });

  it('writes a message that is not a string as a value', () => {
    expect(linesOf((logger) => logger.info({ not: 'a string' } as unknown as string))[0].message).toEqual({ not: 'a string' });
  });

  it('keeps its own level, message and timestamp when fields carry the same names', () => {
    const [line] = linesOf((logger) => logger.info('original', { message: 'spoofed', level: 'debug', timestamp: 'yesterday', kept: 1 }));

    expect(line).toMatchObject({ level: 'info', message: 'original', kept: 1 });
    expect(line.timestamp).not.toBe('yesterday');
  });
});

describe('logSafely', () => {
  const throwing = (thrown: unknown): Logger => {
    const fail = () => {
      throw thrown;
    };
    return { debug: fail, info: fail, warn: fail, error: fail };
  };

  function withStderr(act: () => void): string[] {
    const stderr: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      act();
    } finally {
      spy.mockRestore();
    }
    return stderr;
  }

  it('calls the logger with the message and fields, as a method of the logger', () => {
    const calls: unknown[] = [];
    const logger = {
      prefix: 'p',
      debug() {},
      info(this: { prefix: string }, message: string, fields: Record<string, unknown>) {
        calls.push([this.prefix, message, fields]);
      },
      warn() {},
      error() {},
    };

    logSafely(logger, 'info', 'hello', { n: 1 });

    expect(calls).toEqual([['p', 'hello', { n: 1 }]]);
  });

  it('never throws when the logger throws, and says so on stderr once a logger', () => {
    const logger = throwing(new Error('disk full'));

    const stderr = withStderr(() => {
      logSafely(logger, 'error', 'first', {});
      logSafely(logger, 'warn', 'second', {});
    });

    expect(stderr).toHaveLength(1);
    expect(JSON.parse(stderr[0])).toMatchObject({ level: 'error', message: expect.stringContaining('"first"') as unknown, error: { message: 'disk full' } });
  });

  it('never throws when the logger throws a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    const stderr = withStderr(() => logSafely(throwing(proxy), 'error', 'odd', {}));

    expect(JSON.parse(stderr[0])).toMatchObject({ error: '[Unreadable]' });
  });
});

describe('levelFromEnvironment', () => {
  it('prefers SHARDLINE_LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then info', () => {
    expect(levelFromEnvironment({ SHARDLINE_LOG_LEVEL: 'debug', AWS_LAMBDA_LOG_LEVEL: 'ERROR' })).toBe('debug');
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(levelFromEnvironment({})).toBe('info');
    expect(levelFromEnvironment({ SHARDLINE_LOG_LEVEL: 'loud' })).toBe('info');
  });

  it('reads the name of an Object.prototype member as no level', () => {
    expect(levelFromEnvironment({ SHARDLINE_LOG_LEVEL: 'constructor' })).toBe('info');
  });
});

describe('isDisabled', () => {
  it('is true only for the levels a createJsonLogger drops', () => {
    const logger = createJsonLogger({ level: 'warn', write: () => undefined });
    expect([isDisabled(logger, 'debug'), isDisabled(logger, 'info'), isDisabled(logger, 'warn'), isDisabled(logger, 'error')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const silent = createJsonLogger({ level: 'silent', write: () => undefined });
    expect(isDisabled(silent, 'error')).toBe(true);
  });

  it('is false for any other logger, whatever its methods do', () => {
    const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    expect(isDisabled(quiet, 'info')).toBe(false);
  });
});
