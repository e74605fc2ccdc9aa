import { routeDecorator } from './route-decorator.js';

/**
 * Receives records that could not be decoded or validated, with the `RecordError` that says why.
 * Returning handles the record (for example after sending it to a dead-letter queue); throwing
 * fails it. Without one, the `invalid` option decides (`'fail'` by default).
 *
 * @example
 * \@OnInvalid()
 * async quarantine(error: RecordError, { record }: RecordContext) {
 *   await dlq.send({ seq: record.sequenceNumber, reason: error.message, data: record.data });
 * }
 */
export function OnInvalid(): MethodDecorator {
  return routeDecorator('OnInvalid', { kind: 'invalid' });
}
