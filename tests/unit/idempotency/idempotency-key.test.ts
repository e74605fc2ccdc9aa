import { DefinitionError, type RecordContext, type StreamRecord } from 'shardline';
import { compileKey, defaultScope, isMissingKey, parseKeyPath } from '../../../src/idempotency/idempotency-key';

const context = (record: Partial<StreamRecord>) => ({ record }) as RecordContext;

describe('parseKeyPath', () => {
  it.each([
    ['orderId', ['orderId']],
    ['detail.order.id', ['detail', 'order', 'id']],
    ['lines[0].sku', ['lines', 0, 'sku']],
    ['matrix[1][2]', ['matrix', 1, 2]],
    ['"detail-type"', ['detail-type']],
    ['detail."order-id"', ['detail', 'order-id']],
  ])('reads %s as a field path', (path, steps) => {
    expect(parseKeyPath(path)).toEqual(steps);
  });

  it.each(['', 'a..b', '[orderId, lineId]', 'a || b', 'length(lines)', 'a.', '.a', 'lines[*].sku', 'a b'])(
    'refuses %j, pointing to a function instead',
    (path) => {
      expect(() => parseKeyPath(path)).toThrow(DefinitionError);
      expect(() => parseKeyPath(path)).toThrow(/give a function/);
    },
  );
});

describe('compileKey', () => {
  it('reads a field path from the payload', () => {
    expect(compileKey('order.lines[1].sku')({ order: { lines: [{ sku: 'a' }, { sku: 'b' }] } }, context({}))).toBe('b');
  });

  it('reads own properties only, never what an object inherits', () => {
    expect(compileKey('constructor')({}, context({}))).toBeUndefined();
    expect(compileKey('toString')(Object.create({ toString: 'inherited' }) as unknown, context({}))).toBeUndefined();
  });

  it('is undefined where the path leads nowhere', () => {
    expect(compileKey('order.id')({ order: 'not an object' }, context({}))).toBeUndefined();
    expect(compileKey('order.id')(null, context({}))).toBeUndefined();
  });

  it('calls a function with the payload and the context', () => {
    const read = compileKey((payload, { record }) => `${(payload as { id: string }).id}@${record.partitionKey}`);

    expect(read({ id: 'o-1' }, context({ partitionKey: 'customer-7' }))).toBe('o-1@customer-7');
  });

  it("defaults to the record's place in the stream, its sub-record position included", () => {
    const record = { eventSourceARN: 'arn:aws:kinesis:us-east-1:1:stream/s', shardId: 'shardId-000000000001', sequenceNumber: '4959' };

    expect(compileKey(undefined)({}, context(record))).toEqual({ stream: record.eventSourceARN, shardId: record.shardId, sequenceNumber: '4959' });
    expect(compileKey(undefined)({}, context({ ...record, subSequenceNumber: 3 }))).toEqual({
      stream: record.eventSourceARN,
      shardId: record.shardId,
      sequenceNumber: '4959',
      subSequenceNumber: 3,
    });
  });
});

describe('isMissingKey', () => {
  it.each([undefined, null, '', NaN, [], {}, [null, undefined], { a: null }])('calls %j missing', (key) => {
    expect(isMissingKey(key)).toBe(true);
  });

  it.each([0, false, 'o-1', ['o-1'], { id: 0 }, [null, 'x']])('calls %j a key', (key) => {
    expect(isMissingKey(key)).toBe(false);
  });
});

describe('defaultScope', () => {
  it('names the payload type and the method, never the class', () => {
    expect(defaultScope({ kind: 'record', handler: 'Orders', method: 'created', type: 'order.created', codec: 'json' })).toBe('order.created#created');
  });

  it('names the partition key matcher, or the kind, when there is no type', () => {
    expect(defaultScope({ kind: 'partition-key', handler: 'A', method: 'audit', partitionKey: '/^audit-/', codec: 'json' })).toBe('/^audit-/#audit');
    expect(defaultScope({ kind: 'invalid', handler: 'A', method: 'quarantine', codec: 'json' })).toBe('invalid#quarantine');
  });
});
