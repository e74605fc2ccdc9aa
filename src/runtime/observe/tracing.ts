/**
 * X-Ray tracing through a Powertools `Tracer`, or anything of its shape: a subsegment for the batch,
 * and in it one per route that handled records, annotated with the route and its counts, so traces
 * can be searched (`annotation.failures > 0`). Never a subsegment per record: a batch of 10,000
 * would make a trace nobody can open. Tracing never fails a batch.
 */
import type { StartRecord } from '../scheduler.js';
import { failures, type BatchSummary } from './batch-summary.js';

/**
 * What shardline uses of a subsegment; an X-Ray SDK `Subsegment` (what a Powertools `Tracer` makes)
 * fits it.
 *
 * @example
 * const sub: SubsegmentLike = tracer.getSegment()!.addNewSubsegment('work');
 */
export interface SubsegmentLike {
  addNewSubsegment(name: string): SubsegmentLike;
  addAnnotation(key: string, value: string | number | boolean): void;
  close(): void;
}

/**
 * What shardline uses of a tracer: a Powertools `Tracer` fits it as it is.
 *
 * @example
 * import { Tracer } from '@aws-lambda-powertools/tracer';
 * createHandler([Orders], { tracing: xrayTracing(new Tracer({ serviceName: 'orders' })) });
 */
export interface TracerLike {
  /** The current segment (Lambda's, in a function with active tracing) or subsegment. */
  getSegment(): SubsegmentLike | undefined;
  /** Makes a (sub)segment current: what is traced from then on nests in it. */
  setSegment(segment: SubsegmentLike): void;
  /** Powertools' answer to "is X-Ray on here?"; when it says no, nothing is traced. */
  isTracingEnabled?(): boolean;
}

/** The batch's subsegment name. */
export const BATCH_SUBSEGMENT = 'shardline batch';

/**
 * The subsegment name for a route id: X-Ray takes letters, digits, white space and `_ . : / % & # = + \ - @`,
 * at most 200 characters.
 *
 * @example
 * subsegmentName('shardline.acknowledge (built in, for LogBatch)'); // 'shardline.acknowledge _built in_ for LogBatch_'
 */
export function subsegmentName(route: string): string {
  return route.replace(/[^\p{L}\p{N}\s_.:/%&#=+\\\-@]/gu, '_').slice(0, 200);
}

/**
 * The trace of one batch: open when the batch starts, a route's subsegment opened when its first
 * record starts, all closed when the batch ends.
 */
export class BatchTrace {
  /** Each route's subsegment; `undefined` for one the tracer failed to make. */
  private readonly routes = new Map<string, SubsegmentLike | undefined>();

  private constructor(
    private readonly tracer: TracerLike,
    private readonly parent: SubsegmentLike,
    private readonly batch: SubsegmentLike,
  ) {}

  /**
   * Opens the batch's subsegment under the current segment and makes it current, so what routes
   * trace (AWS SDK calls) nests in it. `undefined` when the tracer is off or there is no segment.
   */
  static begin(tracer: TracerLike): BatchTrace | undefined {
    try {
      if (typeof tracer.isTracingEnabled === 'function' && !tracer.isTracingEnabled()) return undefined;
      const parent = tracer.getSegment();
      if (parent === undefined || parent === null) return undefined;
      const batch = parent.addNewSubsegment(BATCH_SUBSEGMENT);
      tracer.setSegment(batch);
      return new BatchTrace(tracer, parent, batch);
    } catch {
      return undefined;
    }
  }

  /**
   * `start`, opening a route's subsegment when its first record starts. Once each of the table's
   * `routeCount` routes has one, records are no longer looked at.
   */
  wrap(start: StartRecord, routes: ReadonlyArray<string | undefined>, routeCount: number): StartRecord {
    let unopened = routeCount;
    return (index) => {
      const result = start(index);
      if (unopened > 0) {
        const route = routes[index];
        if (route !== undefined && this.route(route)) unopened--;
      }
      return result;
    };
  }

  /** Opens the route's subsegment, once; whether it was opened now. */
  route(id: string): boolean {
    if (this.routes.has(id)) return false;
    try {
      this.routes.set(id, this.batch.addNewSubsegment(subsegmentName(id)));
    } catch {
      // Tracing is best effort: the route counts as opened, so it is not tried again.
      this.routes.set(id, undefined);
    }
    return true;
  }

  /** Annotates and closes every subsegment, and gives the tracer its segment back. */
  end(summary: BatchSummary): void {
    try {
      for (const route of summary.routes) {
        this.route(route.route);
        const subsegment = this.routes.get(route.route);
        if (subsegment === undefined) continue;
        let records = 0;
        for (const count of route.counts) records += count;
        subsegment.addAnnotation('route', route.route);
        subsegment.addAnnotation('records', records);
        subsegment.addAnnotation('failures', failures(route.counts));
        subsegment.close();
      }
      this.batch.addAnnotation('records', summary.records);
      this.batch.addAnnotation('failures', failures(summary.counts));
      this.batch.addAnnotation('deadlineReached', summary.deadlineReached);
      this.batch.close();
    } catch {
      // Tracing is best effort.
    } finally {
      try {
        this.tracer.setSegment(this.parent);
      } catch {
        // Nothing else to restore it with.
      }
    }
  }
}
