import { routeDecorator } from './route-decorator.js';

/**
 * The fallback route: records that no other route matches, with their decoded payload. Without
 * one, the `unmatched` option decides (`'skip'` by default).
 *
 * @example
 * \@OnUnmatched()
 * other(payload: unknown, { record }: RecordContext) { log.warn('unknown record', { seq: record.sequenceNumber }); }
 */
export function OnUnmatched(): MethodDecorator {
  return routeDecorator('OnUnmatched', { kind: 'unmatched' });
}
