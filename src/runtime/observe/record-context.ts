import type { Logger, RecordContext } from '../../context.js';
import type { Batch } from '../../records/batch.js';
import { createStreamRecord, type StreamRecord } from '../../records/stream-record.js';
import type { LambdaContext } from '../../types.js';
import { ContextLogger, recordFields } from './context-logger.js';

/** What the records of one invocation share. */
interface Shared {
  readonly lambda: LambdaContext;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * The `RecordContext` a route receives, the one object made for each record. Its `record` is built
 * the first time something reads it (a route, an interceptor, a user codec, an error), from the
 * batch and the bytes decoded for the unit: most routes take their payload and never look, and a
 * record made for each would be work and garbage for nothing. `lambda` and `signal` are the
 * invocation's. Its `logger` adds the record's sequence number and partition key to the
 * invocation's fields, and is made when first read too.
 *
 * @example
 * const context: RecordContext = new LazyRecordContext(batch, unit, data, invocation);
 * context.record.partitionKey; // built now
 * context.logger.info('stored'); // sequenceNumber and partitionKey on the line
 */
export class LazyRecordContext implements RecordContext {
  readonly #batch: Batch;
  readonly #unit: number;
  /** The unit's bytes after base64, deaggregation and decompression; `undefined` for a unit that failed before (its record has empty data). */
  readonly #data: Buffer | undefined;
  readonly #shared: Shared;
  #record: StreamRecord | undefined;
  #logger: Logger | undefined;

  constructor(batch: Batch, unit: number, data: Buffer | undefined, shared: Shared) {
    this.#batch = batch;
    this.#unit = unit;
    this.#data = data;
    this.#shared = shared;
    this.#record = undefined;
    this.#logger = undefined;
  }

  get record(): StreamRecord {
    if (this.#record === undefined) {
      const batch = this.#batch;
      const unit = this.#unit;
      this.#record = createStreamRecord(batch.raw(unit), batch.partitionKey(unit), batch.subSequenceNumber(unit), batch.explicitHashKey(unit), this.#data);
    }
    return this.#record;
  }

  get lambda(): LambdaContext {
    return this.#shared.lambda;
  }

  get signal(): AbortSignal {
    return this.#shared.signal;
  }

  get logger(): Logger {
    if (this.#logger === undefined) {
      const logger = this.#shared.logger;
      this.#logger = logger instanceof ContextLogger ? logger.with(recordFields(this.record)) : logger;
    }
    return this.#logger;
  }
}
