/**
 * `shardline/idempotency`: idempotent routes on Powertools Idempotency. A subpath of its own, so
 * that the main entry never loads Powertools: `@aws-lambda-powertools/idempotency` is an optional
 * peer, needed only by handlers that import this.
 */
export { Idempotent } from './idempotent.decorator.js';
export { idempotent, type IdempotentOptions } from './idempotent.interceptor.js';
export type { IdempotencyKey } from './idempotency-key.js';
