/**
 * `xrayTracing(tracer)`: the `tracing` plug-in. Checks the tracer at once, and makes the part each
 * batch plays: the batch's subsegment, a route's opened as its first record starts, all annotated
 * and closed when the batch ends.
 */
import { InvalidOptionError } from '../errors.js';
import { PLUGIN, type BatchPart, type ObserverPlugin, type PluginHandler, type TracingPlugin } from '../runtime/observe/plugin.js';
import { BatchTrace, type TracerLike } from '../runtime/observe/tracing.js';

/**
 * The `tracing` option: X-Ray subsegments through a Powertools `Tracer` (or any object of its
 * shape): one for each batch, and in it one for each route that handled records, annotated with
 * the route and its counts (`annotation.failures > 0` finds the batches that failed records). Never
 * one a record. Nothing is traced when the tracer says tracing is off.
 *
 * @throws InvalidOptionError when `tracer` has no `getSegment` and `setSegment` methods.
 * @example
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * import { xrayTracing } from 'shardline/observability';
 * export const handler = createHandler([Checkout], { tracing: xrayTracing(new Tracer({ serviceName: 'checkout' })) });
 */
export function xrayTracing(tracer: TracerLike): TracingPlugin {
  const candidate: Partial<TracerLike> | null = typeof tracer === 'object' ? tracer : null;
  if (candidate === null || typeof candidate.getSegment !== 'function' || typeof candidate.setSegment !== 'function') {
    throw new InvalidOptionError('option tracing: xrayTracing takes a Powertools Tracer, or an object with getSegment and setSegment');
  }
  const plugin: ObserverPlugin & TracingPlugin = {
    [PLUGIN]: 'tracing',
    begin: (_size: number, handler: PluginHandler): BatchPart | undefined => {
      const trace = BatchTrace.begin(tracer);
      if (trace === undefined) return undefined;
      return { wrap: (start, routes) => trace.wrap(start, routes, handler.routeCount), end: (summary) => trace.end(summary) };
    },
  };
  return Object.freeze(plugin);
}
