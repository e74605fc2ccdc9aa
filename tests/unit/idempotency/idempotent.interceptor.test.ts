import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DefinitionError } from 'shardline';
import { idempotent, type IdempotentOptions } from 'shardline/idempotency';

// Never contacted: these tests stop at the options.
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'unused', clientConfig: { region: 'us-east-1' } });

describe('idempotent options', () => {
  it('makes an interceptor from a persistence layer alone', () => {
    expect(typeof idempotent({ persistenceStore })).toBe('function');
  });

  it.each<[string, unknown]>([
    ['no persistence layer', {}],
    ['a persistence layer that is not one', { persistenceStore: { tableName: 'x' } }],
    ['an unknown option', { persistenceStore, keyPath: 'orderId' }],
    ['a key that is not a field path', { persistenceStore, key: '[orderId, lineId]' }],
    ['a key that is neither a path nor a function', { persistenceStore, key: 42 }],
    ['an empty scope', { persistenceStore, scope: '' }],
    ['an expiry of zero seconds', { persistenceStore, expiresAfterSeconds: 0 }],
  ])('refuses %s when it is created', (_what, options) => {
    expect(() => idempotent(options as IdempotentOptions)).toThrow(DefinitionError);
  });
});
