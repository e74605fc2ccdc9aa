import { DefinitionError, RecordDecodeError, RecordError, RecordValidationError, RouteConflictError, ShardlineError } from 'shardline';
import { formatValidationErrors } from '../../src/errors';

describe('errors', () => {
  it('have their own names and the expected hierarchy', () => {
    const conflict = new RouteConflictError('x');
    expect([conflict.name, conflict instanceof DefinitionError, conflict instanceof ShardlineError, conflict instanceof Error]).toEqual([
      'RouteConflictError',
      true,
      true,
      true,
    ]);
  });

  it('locate a record error by sequence number, sub-record and partition key', () => {
    const error = new RecordDecodeError({ sequenceNumber: '42', subSequenceNumber: 3, partitionKey: 'k' }, 'codec', 'bad');
    expect(error.message).toBe('record 42 (sub-record 3) with partition key "k": codec decoding failed: bad');
    expect(error).toBeInstanceOf(RecordError);
    expect([error.sequenceNumber, error.subSequenceNumber, error.partitionKey, error.stage]).toEqual(['42', 3, 'k', 'codec']);
  });

  it('keep the cause', () => {
    const cause = new SyntaxError('x');
    expect(new RecordDecodeError({ sequenceNumber: '1', partitionKey: 'k' }, 'codec', 'bad', { cause }).cause).toBe(cause);
  });

  it('format nested validation errors as property paths', () => {
    const errors = [
      { property: 'lines', children: [{ property: '0', children: [{ property: 'sku', constraints: { isString: 'sku must be a string' }, children: [] }] }] },
    ];
    expect(formatValidationErrors(errors as never)).toBe('lines.0.sku: sku must be a string');
    expect(new RecordValidationError({ sequenceNumber: '1', partitionKey: 'k' }, 'Order', errors as never).message).toContain(
      'Order failed validation: lines.0.sku',
    );
  });
});
