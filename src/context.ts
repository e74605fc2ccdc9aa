import type { StreamRecord } from './records/stream-record.js';
import type { LambdaContext } from './types.js';

/**
 * The logger shardline writes to and hands to routes. Four levels, a message and an object of
 * fields (shardline always passes one object); a Powertools `Logger` fits as it is.
 *
 * @example
 * import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
 * createHandler([Orders], { logger: new PowertoolsLogger() });
 */
export interface Logger {
  debug(message: string, ...fields: Array<Record<string, unknown>>): void;
  info(message: string, ...fields: Array<Record<string, unknown>>): void;
  warn(message: string, ...fields: Array<Record<string, unknown>>): void;
  error(message: string, ...fields: Array<Record<string, unknown>>): void;
}

/**
 * The second argument of every route method.
 *
 * @example
 * \@OnRecord(OrderCreated)
 * async created(order: OrderCreated, { record, signal, logger }: RecordContext) {
 *   await fetch(url, { signal, body: JSON.stringify(order) });
 *   logger.info('order stored', { seq: record.sequenceNumber });
 * }
 */
export interface RecordContext {
  /** The record being handled. */
  readonly record: StreamRecord;
  /**
   * The Lambda context of the invocation: aws-lambda's `Context`, so Powertools takes it as it is
   * (`logger.addContext(lambda)`). When the handler was called without one, a stand-in with no
   * deadline and empty names.
   */
  readonly lambda: LambdaContext;
  /** Aborted when the invocation's deadline comes near: pass it to I/O so it stops in time. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}
