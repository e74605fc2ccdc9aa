/**
 * Idempotency as an interceptor, on Powertools Idempotency: a record whose key was already handled
 * completes without running its route again, so a redelivered batch (Lambda retries from the
 * lowest failure, and `onFailure: 'continue'` redelivers records that had succeeded) repeats no
 * side effect. Powertools keeps the records (DynamoDB, or its other persistence layers) and decides
 * everything else exactly as it documents it: a key in progress elsewhere fails the record with
 * `IdempotencyAlreadyInProgressError`, so Lambda retries it once the other invocation is done or
 * has timed out; a route that throws deletes its in-progress record, so the retry runs it.
 */
import { IdempotencyConfig, IdempotencyKeyError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DefinitionError } from '../errors.js';
import type { Interceptor } from '../routing/interceptor.js';
import type { LambdaContext } from '../types.js';
import { compileKey, defaultScope, isMissingKey, type IdempotencyKey } from './idempotency-key.js';

/**
 * Options of `idempotent` and `@Idempotent`.
 *
 * @example
 * const options: IdempotentOptions = { persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'idempotency' }), key: 'orderId' };
 */
export interface IdempotentOptions {
  /**
   * Where handled keys are kept: a Powertools persistence layer, such as
   * `new DynamoDBPersistenceLayer({ tableName })`. Powertools configures a layer for one set of
   * options, so give each `idempotent(...)` its own.
   */
  persistenceStore: BasePersistenceLayer;
  /**
   * What makes two records the same: a field path into the payload (`'orderId'`,
   * `'detail.order.id'`), or a function `(payload, context) => key` for anything else. Default: the
   * record's place in the stream (stream, shard, sequence number, sub-sequence number), which a
   * redelivery repeats but a producer's retry (a new record) does not.
   */
  key?: IdempotencyKey;
  /**
   * Names the operation in the stored key, so that two routes keyed alike (both by `orderId`) keep
   * separate records. Default: the route's payload type (or partition key, or kind) and method.
   */
  scope?: string;
  /** Seconds a handled key is remembered. Default 3,600 (Powertools'). */
  expiresAfterSeconds?: number;
  /** A record whose key is missing fails with `IdempotencyKeyError`, instead of running without idempotency (the default, as in Powertools). */
  requireKey?: boolean;
  /** Remember handled keys in memory too, sparing a read for repeats within one container. Default false. */
  useLocalCache?: boolean;
  /** Most keys the local cache holds. Default 256 (Powertools'). */
  maxLocalCacheSize?: number;
  /** Prefix of the stored keys. Default: the function's name (Powertools'). */
  keyPrefix?: string;
}

/** Lambda's longest timeout: how long a record stays in progress when there is no invocation deadline (a test, a script). */
const NO_DEADLINE_IN_PROGRESS_MS = 15 * 60 * 1000;

const OPTIONS = ['persistenceStore', 'key', 'scope', 'expiresAfterSeconds', 'requireKey', 'useLocalCache', 'maxLocalCacheSize', 'keyPrefix'];

/**
 * An interceptor that makes the routes it wraps idempotent. Global
 * (`createHandler(..., { interceptors: [idempotent(...)] })`), per class or per method
 * (`@UseInterceptors(idempotent(...))`, or `@Idempotent(...)`).
 *
 * @throws DefinitionError for options that cannot work, when it is created.
 * @example
 * import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
 * import { idempotent } from 'shardline/idempotency';
 *
 * const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE! });
 * export const handler = createHandler([Orders], { interceptors: [idempotent({ persistenceStore, key: 'orderId' })] });
 */
export function idempotent(options: IdempotentOptions): Interceptor {
  checkOptions(options);
  const { persistenceStore, scope, requireKey = false } = options;
  const readKey = compileKey(options.key);
  const config = new IdempotencyConfig({
    ...(options.expiresAfterSeconds !== undefined && { expiresAfterSeconds: options.expiresAfterSeconds }),
    ...(options.useLocalCache !== undefined && { useLocalCache: options.useLocalCache }),
    ...(options.maxLocalCacheSize !== undefined && { maxLocalCacheSize: options.maxLocalCacheSize }),
  });
  // Powertools hashes the first argument; the second is the rest of the chain, which it calls once
  // the key is saved as in progress, and whose result it stores.
  const once = makeIdempotent((_identity: { scope: string; key: unknown }, next: () => Promise<unknown>) => next(), {
    persistenceStore,
    config,
    ...(options.keyPrefix !== undefined && { keyPrefix: options.keyPrefix }),
  });
  return (call, next) => {
    const key = readKey(call.payload, call.context);
    if (isMissingKey(key)) {
      if (requireKey) return Promise.reject(new IdempotencyKeyError(`no idempotency key in the record for ${describe(options.key)}`));
      call.context.logger.warn('the record has no idempotency key; it runs without idempotency', { key: describe(options.key) });
      return next();
    }
    config.registerLambdaContext(inProgressClock(call.context.lambda));
    return once({ scope: scope ?? defaultScope(call.route), key }, next);
  };
}

function describe(key: IdempotentOptions['key']): string {
  return typeof key === 'string' ? key : typeof key === 'function' ? 'the key function' : 'the record position';
}

/**
 * What Powertools reads to know when a record in progress may be taken over: the invocation's
 * remaining time; without a deadline, Lambda's longest timeout (Powertools would store an
 * infinite expiry, which DynamoDB refuses).
 */
function inProgressClock(lambda: LambdaContext): LambdaContext {
  const remaining = lambda.getRemainingTimeInMillis();
  if (Number.isFinite(remaining)) return lambda;
  return { ...lambda, getRemainingTimeInMillis: () => NO_DEADLINE_IN_PROGRESS_MS };
}

function checkOptions(options: IdempotentOptions): void {
  if (typeof options !== 'object' || options === null) throw new DefinitionError('idempotent needs options: { persistenceStore, key? }');
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name)) throw new DefinitionError(`idempotent: unknown option ${JSON.stringify(name)}; expected ${OPTIONS.join(', ')}`);
  }
  const store = options.persistenceStore as unknown as Record<string, unknown> | undefined;
  if (typeof store !== 'object' || store === null || typeof store.saveInProgress !== 'function' || typeof store.configure !== 'function') {
    throw new DefinitionError('idempotent: persistenceStore must be a Powertools persistence layer, such as new DynamoDBPersistenceLayer({ tableName })');
  }
  if (options.scope !== undefined && (typeof options.scope !== 'string' || options.scope === ''))
    throw new DefinitionError('idempotent: scope must be a non-empty string');
  for (const name of ['expiresAfterSeconds', 'maxLocalCacheSize'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
      throw new DefinitionError(`idempotent: ${name} must be a whole number of at least 1, but is ${JSON.stringify(value)}`);
    }
  }
}
