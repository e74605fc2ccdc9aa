import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  Min,
  registerDecorator,
  ValidateNested,
  ValidatorConstraint,
  Validate,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, PayloadType, RecordValidationError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { captureLogger, silentLogger } from '../../support/capture-logger';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
  get label(): string {
    return `${this.quantity} x ${this.sku}`;
  }
}

@PayloadType('order.created')
class OrderCreated {
  @IsString() orderId!: string;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

function ordersHandler(received: unknown[], invalid: RecordError[] = []) {
  @StreamHandler()
  class Orders {
    @OnRecord(OrderCreated)
    created(order: OrderCreated) {
      received.push(order);
    }
    @OnRecord('order.note')
    note(payload: unknown) {
      received.push(payload);
    }
    @OnInvalid()
    invalidRecord(error: RecordError) {
      invalid.push(error);
    }
  }
  return createHandler([Orders], { logger: silentLogger });
}

describe('payload classes', () => {
  it('receive instances of the class, with nested @Type objects as instances too', async () => {
    const received: unknown[] = [];
    const handler = ordersHandler(received);

    await handler(kinesisEvent([{ data: { type: 'order.created', orderId: 'o-1', lines: [{ sku: 'tea', quantity: 2 }] } }]));

    const order = received[0] as OrderCreated;
    expect(order).toBeInstanceOf(OrderCreated);
    expect(order.lines[0]).toBeInstanceOf(Line);
    expect(order.lines[0].label).toBe('2 x tea');
  });

  it('send a payload that breaks a nested constraint to @OnInvalid with every failed property path', async () => {
    const invalid: RecordError[] = [];
    const handler = ordersHandler([], invalid);

    await handler(kinesisEvent([{ data: { type: 'order.created', orderId: 42, lines: [{ sku: 'tea', quantity: 0 }] } }]));

    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    const error = invalid[0] as RecordValidationError;
    expect(error.message).toContain('OrderCreated failed validation: orderId: orderId must be a string; lines.0.quantity: quantity must not be less than 1');
    expect(error.errors.map((e) => e.property)).toEqual(['orderId', 'lines']);
  });

  it('refuse a payload that is not a JSON object, saying what it is', async () => {
    const invalid: RecordError[] = [];
    @StreamHandler()
    class ByKey {
      @OnPartitionKey('k', OrderCreated)
      created() {}
      @OnInvalid()
      bad(error: RecordError) {
        invalid.push(error);
      }
    }
    const handler = createHandler([ByKey], { logger: silentLogger });

    await handler(
      kinesisEvent([
        { data: [1, 2], partitionKey: 'k' },
        { data: 'null', partitionKey: 'k' },
      ]),
    );

    expect(invalid.map((e) => e.message)).toEqual([
      expect.stringContaining('OrderCreated expects a JSON object, but the payload is an array of 2'),
      expect.stringContaining('OrderCreated expects a JSON object, but the payload is null'),
    ]);
  });

  it('leave raw routes (@OnRecord with a type name) the decoded payload as it is', async () => {
    const received: unknown[] = [];
    const handler = ordersHandler(received);

    await handler(kinesisEvent([{ data: { type: 'order.note', text: 'hi' } }]));

    expect(received).toEqual([{ type: 'order.note', text: 'hi' }]);
  });

  it('never put payload values in error messages or logs', async () => {
    const logger = captureLogger();
    @StreamHandler()
    class Strict {
      @OnRecord(OrderCreated)
      created() {}
    }
    const handler = createHandler([Strict], { logger });
    const secret = 'jane.doe@example.com';

    const { records } = await handler.processBatch(
      kinesisEvent([
        { data: { type: 'order.created', orderId: 7, lines: [{ sku: secret, quantity: secret }] } },
        { data: `{"type":"order.created","orderId":"${secret}"` },
      ]),
    );

    expect(records.map((r) => r.status)).toEqual(['failed', 'not-started']);
    expect((records[0].error as Error).message).not.toContain(secret);
    expect(JSON.stringify((records[0].error as RecordValidationError).errors)).not.toContain(secret);
    expect(logger.text()).not.toContain(secret);
  });

  it('keep the class-validator options given to createHandler, such as whitelist', async () => {
    const received: OrderCreated[] = [];
    @StreamHandler()
    class Whitelisted {
      @OnRecord(OrderCreated)
      created(order: OrderCreated) {
        received.push(order);
      }
    }
    const handler = createHandler([Whitelisted], { validator: { whitelist: true }, logger: silentLogger });

    await handler(kinesisEvent([{ data: { type: 'order.created', orderId: 'o-1', lines: [], extra: 'dropped' } }]));

    expect(received[0]).not.toHaveProperty('extra');
  });
});

describe('async constraints', () => {
  @ValidatorConstraint({ name: 'knownCustomer', async: true })
  class KnownCustomer implements ValidatorConstraintInterface {
    async validate(value: unknown): Promise<boolean> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return value === 'c-known';
    }
    defaultMessage(args: ValidationArguments): string {
      return `${args.property} is not a known customer`;
    }
  }

  @PayloadType('customer.updated')
  class CustomerUpdated {
    @Validate(KnownCustomer) customerId!: string;
  }

  function IsEven(): PropertyDecorator {
    return (target, propertyName) =>
      registerDecorator({
        name: 'isEven',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: { validate: (v: unknown) => typeof v === 'number' && v % 2 === 0 },
      });
  }
  @PayloadType('count')
  class Count {
    @IsEven() n!: number;
  }

  it('run, so an async constraint can reject a record', async () => {
    const invalid: RecordError[] = [];
    const received: CustomerUpdated[] = [];
    @StreamHandler()
    class Customers {
      @OnRecord(CustomerUpdated)
      updated(customer: CustomerUpdated) {
        received.push(customer);
      }
      @OnInvalid()
      bad(error: RecordError) {
        invalid.push(error);
      }
    }
    const handler = createHandler([Customers], { logger: silentLogger });

    await handler(
      kinesisEvent([{ data: { type: 'customer.updated', customerId: 'c-known' } }, { data: { type: 'customer.updated', customerId: 'c-unknown' } }]),
    );

    expect(received.map((c) => c.customerId)).toEqual(['c-known']);
    expect(invalid.map((e) => e.message)).toEqual([expect.stringContaining('customerId is not a known customer')]);
  });

  it("report a record an async constraint rejected as skipped under invalid: 'skip', and the others by what their routes did", async () => {
    @StreamHandler()
    class Customers {
      @OnRecord(CustomerUpdated)
      updated(customer: CustomerUpdated) {
        if (customer.customerId !== 'c-known') return Promise.reject(new Error('unreachable'));
        return Promise.resolve(42);
      }
    }
    const handler = createHandler([Customers], { logger: silentLogger, invalid: 'skip', ordering: 'none' });
    const event = kinesisEvent([
      { data: { type: 'customer.updated', customerId: 'c-known' } },
      { data: { type: 'customer.updated', customerId: 'c-unknown' } },
    ]);

    const { response, records } = await handler.processBatch(event);

    expect(records.map((r) => r.status)).toEqual(['succeeded', 'skipped']);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('hand a record an async constraint rejected to an async @OnInvalid, whose throw fails it', async () => {
    @StreamHandler()
    class Customers {
      @OnRecord(CustomerUpdated)
      updated() {}
      @OnInvalid()
      async bad(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw new Error('quarantine is down');
      }
    }
    const handler = createHandler([Customers], { logger: silentLogger });
    const event = kinesisEvent([{ data: { type: 'customer.updated', customerId: 'c-unknown' } }]);

    const { response, records } = await handler.processBatch(event);

    expect(records.map((r) => [r.status, r.route])).toEqual([['failed', 'Customers.bad']]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0].kinesis.sequenceNumber }]);
  });

  it('do not stop synchronous custom constraints from working', async () => {
    const invalid: RecordError[] = [];
    @StreamHandler()
    class Counts {
      @OnRecord(Count)
      count() {}
      @OnInvalid()
      bad(error: RecordError) {
        invalid.push(error);
      }
    }
    const handler = createHandler([Counts], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { type: 'count', n: 2 } }, { data: { type: 'count', n: 3 } }]));

    expect(invalid).toHaveLength(1);
  });
});

describe('JSON from the stream', () => {
  it.each([
    ['__proto__', '{"type":"order.note","__proto__":{"polluted":true}}'],
    ['an escaped __proto__', '{"type":"order.note","\\u005f_proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"type":"order.note","constructor":{"prototype":{"polluted":true}}}'],
  ])('cannot pollute prototypes through %s: the record is invalid', async (_name, json) => {
    const received: unknown[] = [];
    const invalid: RecordError[] = [];
    const handler = ordersHandler(received, invalid);

    await handler(kinesisEvent([{ data: json }]));

    expect(received).toEqual([]);
    expect(invalid[0]).toMatchObject({ name: 'RecordDecodeError', stage: 'codec' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still accepts a harmless "constructor" field', async () => {
    const received: unknown[] = [];
    const handler = ordersHandler(received);

    await handler(kinesisEvent([{ data: { type: 'order.note', constructor: 'Ada' } }]));

    expect(received).toEqual([{ type: 'order.note', constructor: 'Ada' }]);
  });
});

describe('codecs', () => {
  it('can be chosen per route, overriding the handler default', async () => {
    const seen: unknown[] = [];
    @StreamHandler({ codec: 'binary' })
    class Mixed {
      @OnPartitionKey('bytes')
      bytes(payload: unknown) {
        seen.push(Buffer.isBuffer(payload));
      }
      @OnPartitionKey('text', { codec: 'text' })
      text(payload: unknown) {
        seen.push(payload);
      }
    }
    const handler = createHandler([Mixed], { logger: silentLogger });

    await handler(
      kinesisEvent([
        { data: 'a', partitionKey: 'bytes' },
        { data: 'b', partitionKey: 'text' },
      ]),
    );

    expect(seen).toEqual([true, 'b']);
  });

  it('accept a user codec object', async () => {
    const seen: unknown[] = [];
    const csv = { name: 'csv', decode: (data: Buffer) => data.toString('utf8').split(',') };
    @StreamHandler()
    class CsvHandler {
      @OnPartitionKey('rows', { codec: csv })
      row(fields: string[]) {
        seen.push(fields);
      }
    }
    const handler = createHandler([CsvHandler], { logger: silentLogger });

    await handler(kinesisEvent([{ data: 'a,b,c', partitionKey: 'rows' }]));

    expect(seen).toEqual([['a', 'b', 'c']]);
  });

  it("turn a user codec that throws into a RecordDecodeError at the codec stage, naming the error's class but not quoting its message", async () => {
    const failure = new RangeError('unsupported version "secret-9"');
    const strict = {
      name: 'v1',
      decode: () => {
        throw failure;
      },
    };
    @StreamHandler()
    class V1 {
      @OnPartitionKey(() => true, { codec: strict })
      on() {}
    }
    const handler = createHandler([V1], { logger: silentLogger });

    const { records } = await handler.processBatch(kinesisEvent([{ data: 'x' }]));

    const error = records[0].error as Error;
    expect(error).toMatchObject({ name: 'RecordDecodeError', stage: 'codec', message: expect.stringContaining('the v1 codec threw RangeError') as unknown });
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(error.cause).toMatchObject({ message: expect.stringContaining('the v1 codec threw RangeError (its message is left out') as unknown });
    expect(`${error.message} ${error.stack} ${(error.cause as Error).message} ${(error.cause as Error).stack}`).not.toContain('secret-9');
  });

  it("read a type route's payload type with the codec of its handler class", async () => {
    const seen: unknown[] = [];
    // "type=order.created;id=7" as an object
    const pairs = {
      name: 'pairs',
      decode: (data: Buffer) =>
        Object.fromEntries(
          data
            .toString('utf8')
            .split(';')
            .map((pair) => pair.split('=') as [string, string]),
        ),
    };
    @StreamHandler({ codec: pairs })
    class Pairs {
      @OnRecord('order.created')
      created(payload: unknown) {
        seen.push(payload);
      }
    }
    @StreamHandler()
    class Json {
      @OnRecord('order.created')
      created(payload: unknown) {
        seen.push(payload);
      }
    }
    const handler = createHandler([Pairs, Json], { logger: silentLogger });

    const response = await handler(kinesisEvent([{ data: 'type=order.created;id=7' }, { data: { type: 'order.created', id: 8 } }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toEqual([
      { type: 'order.created', id: '7' },
      { type: 'order.created', id: 8 },
    ]);
    expect(handler.routes.map((r) => r.codec)).toEqual(['pairs', 'json']);
  });

  it('route by key a record the default codec cannot decode, when the key route has its own codec', async () => {
    const seen: string[] = [];
    @StreamHandler()
    class Both {
      @OnRecord('order.created')
      created() {}
      @OnPartitionKey('syslog', { codec: 'text' })
      line(text: string) {
        seen.push(text);
      }
    }
    const handler = createHandler([Both], { logger: silentLogger });

    const response = await handler(kinesisEvent([{ data: '<13>Nov 28 sshd: accepted', partitionKey: 'syslog' }]));

    expect(response.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['<13>Nov 28 sshd: accepted']);
  });
});
