import { kinesisEvent } from 'shardline/testing';
import { readBatch } from '../../../../src/records/batch';
import { ContextLogger, invocationFields } from '../../../../src/runtime/observe/context-logger';
import { LazyRecordContext } from '../../../../src/runtime/observe/record-context';
import { captureLogger } from '../../../support/capture-logger';
import type { LambdaContext } from 'shardline';

describe('ContextLogger', () => {
  it('writes its fields first, then the given ones', () => {
    const target = captureLogger();

    new ContextLogger(target, { requestId: 'r-1' }).info('stored', { orderId: 'o-1' });

    expect(target.entries).toEqual([{ level: 'info', message: 'stored', fields: { requestId: 'r-1', orderId: 'o-1' } }]);
    expect(Object.keys(target.entries[0].fields ?? {})).toEqual(['requestId', 'orderId']);
  });

  it('drops given fields named like its own', () => {
    const target = captureLogger();

    new ContextLogger(target, { requestId: 'r-1' }).warn('x', { requestId: 'spoofed', other: 1 });

    expect(target.entries[0].fields).toEqual({ requestId: 'r-1', other: 1 });
  });

  it('merges several field objects, the later over the earlier, and puts an error given on its own under error', () => {
    const target = captureLogger();
    const failure = new Error('boom');

    new ContextLogger(target, {}).error('x', { a: 1, b: 1 }, { b: 2 }, failure as unknown as Record<string, unknown>);

    expect(target.entries[0].fields).toEqual({ a: 1, b: 2, error: failure });
  });

  it('writes a field named __proto__ as a field', () => {
    const target = captureLogger();

    new ContextLogger(target, {}).info('x', JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>);

    expect(Object.hasOwn(target.entries[0].fields ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hands on fields it cannot read instead of throwing', () => {
    const target = captureLogger();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();

    new ContextLogger(target, { requestId: 'r-1' }).info('x', proxy);

    const fields = target.entries[0].fields ?? {};
    expect(fields.requestId).toBe('r-1');
    expect(fields.fields).toBe(proxy);
  });

  it('adds more reserved fields with with(), leaving itself as it was', () => {
    const target = captureLogger();
    const batch = new ContextLogger(target, { requestId: 'r-1' });

    batch.with({ sequenceNumber: '1' }).info('record');
    batch.info('batch');

    expect(target.entries.map((entry) => entry.fields)).toEqual([{ requestId: 'r-1', sequenceNumber: '1' }, { requestId: 'r-1' }]);
  });
});

describe('invocationFields', () => {
  const batch = readBatch(kinesisEvent([{ data: 'a', shardId: 'shardId-000000000004' }]), true);
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  afterEach(() => {
    if (functionName === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = functionName;
  });

  it("takes the request id and function name from the context, and the shard from the first record's eventID", () => {
    const fields = invocationFields({ awsRequestId: 'c6af9ac6', functionName: 'orders' } as LambdaContext, batch, true);

    expect(fields).toStrictEqual({ requestId: 'c6af9ac6', functionName: 'orders', coldStart: true, shardId: 'shardId-000000000004' });
  });

  it('takes the function name from AWS_LAMBDA_FUNCTION_NAME when the context has none, and leaves empty names out', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders-from-env';

    const fields = invocationFields({ awsRequestId: '', functionName: '' } as LambdaContext, batch, false);

    expect(fields).toStrictEqual({ functionName: 'orders-from-env', coldStart: false, shardId: 'shardId-000000000004' });
  });
});

describe('LazyRecordContext', () => {
  const batch = readBatch(
    { Records: [{ eventID: 'shardId-000000000003:4959', kinesis: { sequenceNumber: '4959', partitionKey: 'customer-7', data: 'e30=' } }] },
    true,
  );
  const data = Buffer.from('{}');

  it("makes the record's logger once, when a route first reads it", () => {
    const target = captureLogger();
    const context = new LazyRecordContext(batch, 0, data, {
      lambda: {} as never,
      signal: new AbortController().signal,
      logger: new ContextLogger(target, { shardId: 's-0' }),
    });

    const first = context.logger;
    first.info('x');

    expect(context.logger).toBe(first);
    expect(target.entries[0].fields).toEqual({ shardId: 's-0', sequenceNumber: '4959', partitionKey: 'customer-7' });
  });

  it("gives a route a logger that is not shardline's own as it is", () => {
    const plain = captureLogger();

    const context = new LazyRecordContext(batch, 0, data, { lambda: {} as never, signal: new AbortController().signal, logger: plain });

    expect(context.logger).toBe(plain);
  });

  it('builds the record from the batch and the decoded bytes when first read, and keeps it', () => {
    const lambda = { functionName: 'f' } as never;
    const signal = new AbortController().signal;
    const context = new LazyRecordContext(batch, 0, data, { lambda, signal, logger: captureLogger() });

    const record = context.record;

    expect(record).toMatchObject({ sequenceNumber: '4959', partitionKey: 'customer-7', shardId: 'shardId-000000000003', subSequenceNumber: undefined });
    expect(record.data).toBe(data);
    expect(context.record).toBe(record);
    expect(context.lambda).toBe(lambda);
    expect(context.signal).toBe(signal);
  });

  it('gives a unit that failed before its bytes were decoded a record with empty data', () => {
    const context = new LazyRecordContext(batch, 0, undefined, { lambda: {} as never, signal: new AbortController().signal, logger: captureLogger() });

    expect(context.record.data).toEqual(Buffer.alloc(0));
  });
});
