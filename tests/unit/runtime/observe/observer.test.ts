import { readBatch } from '../../../../src/records/batch';
import { summarizeBatch, type BatchSummary } from '../../../../src/runtime/observe/batch-summary';
import { batchLine, Observer } from '../../../../src/runtime/observe/observer';
import { PLUGIN, type BatchPart, type ObserverPlugin } from '../../../../src/runtime/observe/plugin';
import { Outcome } from '../../../../src/runtime/outcome';
import type { StartRecord } from '../../../../src/runtime/scheduler';
import { kinesisEvent } from '../../../../src/testing';
import { captureLogger, silentLogger } from '../../../support/capture-logger';

const HANDLER = { sequential: true, routeCount: 1 };
const start: StartRecord = () => Outcome.succeeded;

function batchOf(size: number) {
  return readBatch(kinesisEvent(Array.from({ length: size }, () => ({ data: {} }))), true);
}

/** A plug-in that records what the core asks of it, under `name`. */
function recordingPlugin(name: string, calls: string[], part: Partial<BatchPart> = {}): ObserverPlugin {
  return {
    [PLUGIN]: 'metrics',
    begin: (size, handler) => {
      calls.push(`${name} begin ${size} ${handler.routeCount}`);
      return {
        wrap: (inner) => (index) => {
          calls.push(`${name} record ${index}`);
          return inner(index);
        },
        settled: () => calls.push(`${name} settled`),
        end: (summary: BatchSummary) => calls.push(`${name} end ${summary.records}`),
        ...part,
      };
    },
  };
}

describe('Observer', () => {
  it('hands back the start function itself when no plug-in is set', () => {
    const observation = new Observer({ logger: silentLogger, batchLog: 'off', plugins: [], handler: HANDLER }).begin(batchOf(2), undefined, performance.now());

    expect(observation.observe(start, [])).toBe(start);
  });

  it('asks each plug-in in, wraps records with the first innermost, and hands each the summary when the batch ends', () => {
    const calls: string[] = [];
    const observer = new Observer({
      logger: silentLogger,
      batchLog: 'off',
      plugins: [recordingPlugin('metrics', calls), recordingPlugin('tracing', calls)],
      handler: HANDLER,
    });
    const observation = observer.begin(batchOf(1), undefined, performance.now());

    void observation.observe(start, [])(0);
    observation.settled();
    observation.end({ outcomes: Uint8Array.of(Outcome.succeeded), routes: ['Orders.created'], deadlineReached: false });

    expect(calls).toEqual([
      'metrics begin 1 1',
      'tracing begin 1 1',
      'tracing record 0',
      'metrics record 0',
      'metrics settled',
      'tracing settled',
      'metrics end 1',
      'tracing end 1',
    ]);
  });

  it("reads the records' durations from the part that times them", () => {
    let routes: BatchSummary['routes'] = [];
    const durations = Float64Array.of(1.5, NaN);
    const plugin = recordingPlugin('metrics', [], { durations, end: (summary) => (routes = summary.routes) });
    const observation = new Observer({ logger: silentLogger, batchLog: 'off', plugins: [plugin], handler: HANDLER }).begin(batchOf(2), undefined, 0);

    observation.end({ outcomes: Uint8Array.of(Outcome.succeeded, Outcome.succeeded), routes: ['A.a', 'A.a'], deadlineReached: false });

    expect(routes.map((route) => [route.route, route.durations])).toEqual([['A.a', [1500]]]);
  });

  it('warns, and goes on with the next plug-in, when one throws at the end of the batch', () => {
    const logger = captureLogger();
    const calls: string[] = [];
    const broken = recordingPlugin('broken', [], {
      end: () => {
        throw new Error('sink down');
      },
    });
    const observation = new Observer({ logger, batchLog: 'off', plugins: [broken, recordingPlugin('tracing', calls)], handler: HANDLER }).begin(
      batchOf(1),
      undefined,
      0,
    );

    observation.end({ outcomes: Uint8Array.of(Outcome.succeeded), routes: ['A.a'], deadlineReached: false });

    expect(logger.entries.map((entry) => [entry.level, entry.message])).toEqual([
      ['warn', 'shardline could not publish the batch to a plug-in of shardline/observability'],
    ]);
    expect(calls).toContain('tracing end 1');
  });
});

describe('batchLine', () => {
  it('writes a route named __proto__ as a field of routes, without touching any prototype', () => {
    const summary = summarizeBatch(
      batchOf(2),
      { outcomes: Uint8Array.of(Outcome.succeeded, Outcome.failed), routes: ['__proto__', 'A.a'], deadlineReached: false },
      {
        startedAt: 0,
        durationMs: 1,
      },
    );

    const { routes } = batchLine(summary) as { routes: object };

    expect(Object.getPrototypeOf(routes)).toBe(Object.prototype);
    expect(JSON.stringify(routes)).toBe('{"__proto__":{"succeeded":1},"A.a":{"failed":1}}');
  });
});
