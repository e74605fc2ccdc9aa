import 'reflect-metadata';
import { gzipSync } from 'node:zlib';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Transform } from 'class-transformer';
import { IsString } from 'class-validator';
import { createHandler, OnPartitionKey, OnRecord, StreamHandler, UnmatchedRecordError, type HandlerOptions, type Logger } from 'shardline';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { captureOutput } from '../../support/capture-output';

// Powertools prints an error's message, stack, enumerable properties and, again, its `cause`. A JSON
// SyntaxError quotes the first characters of the text it failed on; as the cause of a record's
// error, it put payload text into the log.

const SECRET = 'SECRET-4242';
/** What every assertion looks for: V8 quotes only the first characters, `Unexpected token 'S', "{"card": SECRET-424"... is not valid JSON`. */
const MARKER = 'SECRET';
const BROKEN_JSON = `{"card": ${SECRET}}`;

/** Everything a Powertools Logger at debug level writes while `run` runs. */
async function powertoolsOutput(run: (logger: Logger) => Promise<unknown>): Promise<string> {
  return (await captureOutput(() => run(new PowertoolsLogger({ serviceName: 'orders', logLevel: 'DEBUG' })))).text;
}

function jsonHandler(logger: Logger, options: HandlerOptions = {}) {
  @StreamHandler()
  class Orders {
    @OnRecord('order.created')
    created() {}
  }
  return createHandler([Orders], { ...options, logger });
}

describe('a Powertools Logger never prints payload text for a record that is not valid JSON', () => {
  it.each([
    ['a plain record', () => kinesisEvent([{ data: BROKEN_JSON }])],
    [
      'a KPL sub-record',
      () =>
        kinesisEvent([
          {
            data: aggregateRecords([
              { partitionKey: 'p', data: '{"type":"order.created"}' },
              { partitionKey: 'p', data: BROKEN_JSON },
            ]),
          },
        ]),
    ],
    ['a gzipped record', () => kinesisEvent([{ data: gzipSync(BROKEN_JSON) }])],
  ])('in %s, while still naming the SyntaxError and the codec', async (_what, event) => {
    const output = await powertoolsOutput((logger) => jsonHandler(logger)(event()));

    expect(output).toContain('record failed');
    expect(output).toContain('the json codec found invalid syntax');
    expect(output).toContain('"name":"SyntaxError"');
    expect(output).not.toContain(MARKER);
  });

  it("when invalid: 'skip' logs the skipped record as a warning", async () => {
    const output = await powertoolsOutput((logger) => jsonHandler(logger, { invalid: 'skip' })(kinesisEvent([{ data: BROKEN_JSON }])));

    expect(output).toContain('invalid record skipped');
    expect(output).not.toContain(MARKER);
  });
});

describe('a Powertools Logger never prints payload text', () => {
  it("for a user codec's error, which may quote the data", async () => {
    const strict = {
      name: 'strict',
      decode: (data: Buffer) => {
        throw new Error(`unexpected ${data.toString()}`);
      },
    };
    @StreamHandler()
    class Strict {
      @OnPartitionKey(() => true, { codec: strict })
      any() {}
    }

    const output = await powertoolsOutput((logger) => createHandler([Strict], { logger })(kinesisEvent([{ data: SECRET }])));

    expect(output).toContain('the strict codec threw Error');
    expect(output).not.toContain(MARKER);
  });

  it('for a payload class whose @Transform throws with the value in its message', async () => {
    class Card {
      @Transform(({ value }) => {
        throw new TypeError(`not a card number: ${String(value)}`);
      })
      @IsString()
      card!: string;
    }
    @StreamHandler()
    class Cards {
      @OnRecord({ type: 'card', payload: Card })
      card() {}
    }

    const output = await powertoolsOutput((logger) => createHandler([Cards], { logger })(kinesisEvent([{ data: { type: 'card', card: SECRET } }])));

    expect(output).toContain('Card could not be built from the payload: class-transformer threw TypeError');
    expect(output).not.toContain(MARKER);
  });

  it("for a record no route matched under unmatched: 'fail', whose type is payload content", async () => {
    const output = await powertoolsOutput((logger) => jsonHandler(logger, { unmatched: 'fail' })(kinesisEvent([{ data: { type: SECRET } }])));

    expect(output).toContain('UnmatchedRecordError');
    expect(output).not.toContain(MARKER);
  });
});

describe('UnmatchedRecordError', () => {
  it('keeps the payload type out of its message, and only its first 64 characters in payloadType', async () => {
    const type = `order.${'x'.repeat(200)}`;
    const handler = jsonHandler({ debug() {}, info() {}, warn() {}, error() {} }, { unmatched: 'fail' });

    const { records } = await handler.processBatch(kinesisEvent([{ data: { type } }]));

    const error = records[0].error as UnmatchedRecordError;
    expect(error).toBeInstanceOf(UnmatchedRecordError);
    expect(error.message).not.toContain('order.');
    expect(error.payloadType).toBe(type.slice(0, 64));
    expect(Object.keys(error)).not.toContain('payloadType');
  });
});
