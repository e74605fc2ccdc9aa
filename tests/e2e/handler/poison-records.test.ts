import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsObject, IsString, Validate, ValidateNested, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, PayloadType, RecordValidationError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { silentLogger } from '../../support/capture-logger';

// Payloads that made class-transformer or class-validator throw. Each failed its record as a plain
// error: @OnInvalid never saw it and `invalid: 'skip'` did not apply, so it blocked its shard.

@PayloadType('order.created')
class OrderCreated {
  @IsString() orderId!: string;
  @IsObject() meta!: object;
}

/** `levels` levels of `{"a": ...}` (or `[...]`) around 1, as text: JSON.stringify would itself recurse that deep. */
const nested = (levels: number, open = '{"a":', close = '}') => `${open.repeat(levels)}1${close.repeat(levels)}`;
const order = (meta: string) => `{"type":"order.created","orderId":"o-1","meta":${meta}}`;

function quarantining(payload: new () => object = OrderCreated) {
  const invalid: RecordError[] = [];
  const handled: unknown[] = [];
  @StreamHandler()
  class Orders {
    @OnRecord({ type: 'order.created', payload })
    created(value: unknown) {
      handled.push(value);
    }

    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  return { handler: createHandler([Orders], { logger: silentLogger }), invalid, handled };
}

function skipping() {
  @StreamHandler()
  class Orders {
    @OnRecord(OrderCreated)
    created() {}
  }
  return createHandler([Orders], { logger: silentLogger, invalid: 'skip' });
}

describe('a payload with a nested key named "constructor"', () => {
  it.each([
    ['an object', '{"constructor":{"a":1}}'],
    ['a number', '{"constructor":5}'],
    ['a string', '{"constructor":"x"}'],
  ])('holding %s reaches @OnInvalid as a RecordValidationError that names the key', async (_what, meta) => {
    const { handler, invalid, handled } = quarantining();

    const response = await handler(kinesisEvent([{ data: order(meta) }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0]).toMatchObject({ payloadClass: 'OrderCreated', errors: [], message: expect.stringContaining('a key named "constructor"') as unknown });
    expect(invalid[0].cause).toBeInstanceOf(TypeError);
  });

  it('reaches @OnInvalid also from a class validated asynchronously', async () => {
    @ValidatorConstraint({ name: 'knownCustomer', async: true })
    class KnownCustomer implements ValidatorConstraintInterface {
      validate(): Promise<boolean> {
        return Promise.resolve(true);
      }
    }
    class CheckedOrder {
      @Validate(KnownCustomer) orderId!: string;
      @IsObject() meta!: object;
    }
    const { handler, invalid } = quarantining(CheckedOrder);

    const response = await handler(kinesisEvent([{ data: order('{"constructor":{"a":1}}') }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(invalid[0]).toMatchObject({ name: 'RecordValidationError', message: expect.stringContaining('a key named "constructor"') as unknown });
  });

  it("is skipped under invalid: 'skip'", async () => {
    const handler = skipping();

    const { response, records } = await handler.processBatch(kinesisEvent([{ data: order('{"constructor":{"a":1}}') }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(records[0].status).toBe('skipped');
  });
});

describe('a deeply nested payload', () => {
  it.each([
    ['objects', '{"a":', '}'],
    ['arrays', '[', ']'],
  ])('of 10,000 levels of %s in an @IsObject() field reaches @OnInvalid, saying how deep it is', async (_what, open, close) => {
    const { handler, invalid, handled } = quarantining();

    const response = await handler(kinesisEvent([{ data: order(`{"x":${nested(9_998, open, close)}}`) }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('the payload is nested 10000 levels deep, deeper than class-transformer can recurse');
    expect(invalid[0].cause).toBeInstanceOf(RangeError);
  });

  it("is skipped under invalid: 'skip'", async () => {
    const handler = skipping();

    const { response, records } = await handler.processBatch(kinesisEvent([{ data: order(nested(10_000)) }]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(records[0].status).toBe('skipped');
  });

  it('is delivered whole to a route without a payload class, however deep, escapes included', async () => {
    const seen: unknown[] = [];
    @StreamHandler()
    class Raw {
      @OnPartitionKey(() => true)
      any(payload: unknown) {
        seen.push(payload);
      }
    }
    const handler = createHandler([Raw], { logger: silentLogger });
    // "\u0041" sends the text through the json codec's check for prototype keys, which once recursed.
    const text = `{"note":"\\u0041",${nested(20_000).slice(1)}`;

    const response = await handler(kinesisEvent([{ data: text }]));

    expect(response).toEqual({ batchItemFailures: [] });
    let depth = 0;
    for (let value = seen[0]; typeof value === 'object' && value !== null; value = (value as { a: unknown }).a) depth++;
    expect(depth).toBe(20_000);
  });
});

describe('a payload class whose own code throws', () => {
  it('sends the record to @OnInvalid when a @Transform throws, without its message', async () => {
    class Transforming {
      @Transform(({ value }) => {
        throw new Error(`cannot parse ${String(value)}`);
      })
      @IsString()
      orderId!: string;
    }
    const { handler, invalid } = quarantining(Transforming);

    await handler(kinesisEvent([{ data: { type: 'order.created', orderId: 'secret-o-1' } }]));

    expect(invalid[0]).toMatchObject({ name: 'RecordValidationError', message: expect.stringContaining('class-transformer threw Error') as unknown });
    expect(`${invalid[0].message} ${(invalid[0].cause as Error).message} ${(invalid[0].cause as Error).stack}`).not.toContain('secret-o-1');
  });

  it('sends the record to @OnInvalid when a constraint throws, in a class with nested validation too', async () => {
    @ValidatorConstraint({ name: 'exploding' })
    class Exploding implements ValidatorConstraintInterface {
      validate(value: unknown): boolean {
        throw new TypeError(`bad ${String(value)}`);
      }
    }
    class Line {
      @Validate(Exploding) sku!: string;
    }
    class WithLines {
      @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
    }
    const { handler, invalid } = quarantining(WithLines);

    await handler(kinesisEvent([{ data: { type: 'order.created', lines: [{ sku: 'secret-sku' }] } }]));

    expect(invalid[0]).toMatchObject({ name: 'RecordValidationError', message: expect.stringContaining('class-validator threw TypeError') as unknown });
    expect(`${invalid[0].message} ${(invalid[0].cause as Error).message} ${(invalid[0].cause as Error).stack}`).not.toContain('secret-sku');
  });
});
