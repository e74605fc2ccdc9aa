import type { Logger, RecordContext } from '../../context.js';
import type { StreamRecord } from '../../records/stream-record.js';
import type { LambdaContext } from '../../types.js';
import { ContextLogger, recordFields } from './context-logger.js';

/** What the records of one invocation share. */
interface Shared {
  readonly lambda: LambdaContext;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * The `RecordContext` a route receives. Its `logger` adds the record's sequence number and partition
 * key to the invocation's fields; it is made the first time a route reads it, since most records are
 * handled without a log line and a logger made for each would be work (and garbage) for nothing.
 *
 * @example
 * const context: RecordContext = new LazyRecordContext(record, invocation);
 * context.logger.info('stored'); // sequenceNumber and partitionKey on the line
 */
export class LazyRecordContext implements RecordContext {
  readonly lambda: LambdaContext;
  readonly signal: AbortSignal;
  #shared: Shared;
  #logger: Logger | undefined;

  constructor(
    readonly record: StreamRecord,
    shared: Shared,
  ) {
    this.lambda = shared.lambda;
    this.signal = shared.signal;
    this.#shared = shared;
    this.#logger = undefined;
  }

  get logger(): Logger {
    if (this.#logger === undefined) {
      const logger = this.#shared.logger;
      this.#logger = logger instanceof ContextLogger ? logger.with(recordFields(this.record)) : logger;
    }
    return this.#logger;
  }
}
