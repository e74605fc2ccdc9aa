/**
 * Whatever a route throws, and whatever the logger does, the invocation returns its partial batch
 * response: a value that cannot be described, or a logger that throws, costs at most a log line,
 * never the batch (issue 11, item 2).
 */
import 'reflect-metadata';
import { createHandler, createJsonLogger, DefinitionError, FullBatchFailureError, OnPartitionKey, StreamHandler, type Logger } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { captureLogger, silentLogger } from '../../support/capture-logger';

/** Values a route may throw that `JSON.stringify`, `String` or `instanceof` cannot handle, made fresh for each test. */
const ODD_VALUES: ReadonlyArray<readonly [string, () => unknown]> = [
  [
    'a circular object',
    () => {
      const value: Record<string, unknown> = { code: 'E_CYCLE' };
      value.self = value;
      return value;
    },
  ],
  [
    'an object whose getter throws',
    () => ({
      code: 'E_GETTER',
      get detail(): string {
        throw new Error('getter failed');
      },
    }),
  ],
  [
    'an object whose toJSON throws',
    () => ({
      toJSON() {
        throw new Error('toJSON failed');
      },
    }),
  ],
  [
    'an Error whose message getter throws',
    () => {
      const error = new Error('placeholder');
      Object.defineProperty(error, 'message', {
        get() {
          throw new Error('message getter failed');
        },
      });
      return error;
    },
  ],
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  ],
  ['a BigInt', () => 12345678901234567890n],
  ['a Symbol', () => Symbol('odd')],
  ['null', () => null],
  ['undefined', () => undefined],
  ['a string', () => 'plain string'],
];

/** Routes every record; the records whose payload says `odd: true` throw `thrown()`. */
function throwing(thrown: () => unknown) {
  @StreamHandler()
  class Throwing {
    @OnPartitionKey(() => true)
    handle(payload: { odd?: boolean }) {
      if (payload.odd === true) throw thrown();
    }
  }
  return Throwing;
}

const threeRecords = () => kinesisEvent([{ data: { n: 0 } }, { data: { n: 1, odd: true } }, { data: { n: 2 } }]);

/** The default JSON logger, at debug level, writing into an array. */
function jsonLines(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createJsonLogger({ level: 'debug', write: (line) => lines.push(line) }), lines };
}

/** A logger every method of which throws. */
const throwingLogger: Logger = {
  debug() {
    throw new Error('logger down');
  },
  info() {
    throw new Error('logger down');
  },
  warn() {
    throw new Error('logger down');
  },
  error() {
    throw new Error('logger down');
  },
};

/** Runs `act` with process.stderr captured. */
async function capturingStderr<T>(act: () => Promise<T>): Promise<{ result: T; stderr: string[] }> {
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    return { result: await act(), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('a route that throws a value that cannot be described as it is', () => {
  it.each(ODD_VALUES)('gets only its own record reported when it throws %s, with the default JSON logger', async (_name, thrown) => {
    const { logger, lines } = jsonLines();
    const handler = createHandler([throwing(thrown)], { onFailure: 'continue', logger });
    const event = threeRecords();

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1].kinesis.sequenceNumber }] });
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toContain('record failed');
  });

  it('gets its record reported when the logger is the default one, writing to stdout', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    let response;
    try {
      const handler = createHandler([throwing(() => circular)]);
      const event = threeRecords();

      response = await handler(event);

      expect(response.batchItemFailures).toEqual([1, 2].map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber })));
    } finally {
      spy.mockRestore();
    }
    expect(written.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.message === 'record failed')?.error).toEqual({
      self: '[Circular]',
    });
  });

  it('is described in the failure line as far as it can be read', async () => {
    const { logger, lines } = jsonLines();
    const thrown = () => ({
      code: 'E_PARTIAL',
      get detail(): string {
        throw new Error('getter failed');
      },
    });
    const handler = createHandler([throwing(thrown)], { logger });

    await handler(threeRecords());

    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.message === 'record failed');
    expect(failure?.error).toEqual({ code: 'E_PARTIAL', detail: '[Unreadable]' });
  });

  it.each(ODD_VALUES)('is kept as it is in the processBatch report when it throws %s', async (_name, make) => {
    const thrown = make();
    const handler = createHandler([throwing(() => thrown)], { onFailure: 'continue', logger: createJsonLogger({ level: 'silent' }) });

    const { records } = await handler.processBatch(threeRecords());

    expect(records.map((record) => record.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(Object.is(records[1].error, thrown)).toBe(true);
  });

  it('makes a FullBatchFailureError that keeps the thrown value, under throwOnFullBatchFailure', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const handler = createHandler([throwing(() => proxy)], { throwOnFullBatchFailure: true, logger: createJsonLogger({ level: 'silent' }) });

    const thrown: unknown = await handler(kinesisEvent([{ data: { odd: true } }])).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(FullBatchFailureError);
    expect((thrown as FullBatchFailureError).failures[0].error === proxy).toBe(true);
  });
});

describe('a logger that throws', () => {
  it('never fails the batch: every line shardline writes through it is dropped instead', async () => {
    @StreamHandler()
    class Mixed {
      @OnPartitionKey('fails')
      fails() {
        throw new Error('route failed');
      }
    }
    // An undecodable record skipped (warn), one no route matches (info and debug), a failure
    // (error) and the records it leaves unstarted (warn).
    const handler = createHandler([Mixed], { invalid: 'skip', logger: throwingLogger });
    const event = kinesisEvent([
      { data: 'not json {', partitionKey: 'fails' },
      { data: { type: 'x' }, partitionKey: 'other' },
      { data: {}, partitionKey: 'fails' },
      { data: {} },
    ]);

    const { result: response } = await capturingStderr(() => handler(event));

    expect(response).toEqual({ batchItemFailures: [2, 3].map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber })) });
  });

  it('is reported once on stderr, the first time it throws', async () => {
    const logger: Logger = {
      ...silentLogger,
      error() {
        throw new Error('logger down');
      },
    };
    const handler = createHandler([throwing(() => new Error('route failed'))], { logger });

    const { stderr } = await capturingStderr(async () => {
      await handler(threeRecords());
      await handler(threeRecords());
    });

    expect(stderr).toHaveLength(1);
    expect(JSON.parse(stderr[0])).toMatchObject({
      level: 'error',
      message: expect.stringContaining('the logger threw while writing "record failed"') as unknown,
      error: { message: 'logger down' },
    });
  });

  it('that throws an odd value itself is survived too', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const logger = captureLogger();
    logger.error = () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a thrown value that is not an Error is the point
      throw proxy;
    };
    const handler = createHandler([throwing(() => new Error('route failed'))], { logger });
    const event = threeRecords();

    const { result: response } = await capturingStderr(() => handler(event));

    expect(response.batchItemFailures).toEqual([1, 2].map((i) => ({ itemIdentifier: event.Records[i].kinesis.sequenceNumber })));
  });
});

describe('createHandler, when creating a handler class fails in an odd way', () => {
  @StreamHandler()
  class Plain {
    @OnPartitionKey(() => true)
    handle() {}
  }

  it('throws a DefinitionError when instantiate throws a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    expect(() =>
      createHandler([Plain], {
        instantiate: () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- a thrown value that is not an Error is the point
          throw proxy;
        },
      }),
    ).toThrow(DefinitionError);
  });

  it('throws a DefinitionError when instantiate throws an Error whose message getter throws', () => {
    const error = new Error('placeholder');
    Object.defineProperty(error, 'message', {
      get() {
        throw new Error('message getter failed');
      },
    });

    let thrown: unknown;
    try {
      createHandler([Plain], {
        instantiate: () => {
          throw error;
        },
      });
    } catch (caught) {
      thrown = caught;
    }

    // Not toThrow(new DefinitionError(...)): Jest would read the cause's message, which throws.
    expect(thrown).toBeInstanceOf(DefinitionError);
    expect((thrown as DefinitionError).message).toBe('createHandler: creating Plain failed: [Unreadable]');
    expect((thrown as DefinitionError).cause === error).toBe(true);
  });

  it('throws a DefinitionError when instantiate returns a function that cannot be turned into a string', () => {
    const notAnInstance = () => undefined;
    notAnInstance.toString = () => {
      throw new Error('toString failed');
    };

    expect(() => createHandler([Plain], { instantiate: () => notAnInstance })).toThrow(
      new DefinitionError('createHandler: instantiate(Plain) returned [Function], not an object'),
    );
  });
});
