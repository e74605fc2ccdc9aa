import { readBatch } from '../../../../src/records/batch';
import { NO_ROUTE, OUTCOME_NAMES, outcomeCounts, RecordStatus, summarizeBatch } from '../../../../src/runtime/observe/batch-summary';
import { Outcome } from '../../../../src/runtime/outcome';
import { kinesisEvent } from '../../../../src/testing';

const count = (counts: Uint32Array) => outcomeCounts(counts);

describe('summarizeBatch', () => {
  const batch = readBatch(
    kinesisEvent([
      { data: {}, approximateArrivalTimestamp: 1_000 },
      { data: {}, approximateArrivalTimestamp: 999.5 },
      { data: {}, approximateArrivalTimestamp: 1_001 },
      { data: {}, approximateArrivalTimestamp: 1_002 },
    ]),
    true,
  );

  it('counts records by outcome and by route, in the order routes first appear', () => {
    const outcomes = Uint8Array.from([Outcome.succeeded, Outcome.failed, Outcome.skipped, Outcome.succeeded]);
    const routes = ['A.a', 'B.b', undefined, 'A.a'];

    const summary = summarizeBatch(batch, { outcomes, routes, deadlineReached: false }, { startedAt: 1_005_000, durationMs: 3 });

    expect(summary.records).toBe(4);
    expect(count(summary.counts)).toEqual({ succeeded: 2, failed: 1, skipped: 1 });
    expect(summary.routes.map((route) => [route.route, count(route.counts)])).toEqual([
      ['A.a', { succeeded: 2 }],
      ['B.b', { failed: 1 }],
      [NO_ROUTE, { skipped: 1 }],
    ]);
  });

  it('calls records still running timed out when the deadline ended the batch, and not started otherwise', () => {
    const outcomes = Uint8Array.from([Outcome.succeeded, Outcome.running, Outcome.pending, Outcome.pending]);
    const routes = ['A.a', 'A.a', undefined, undefined];

    const cut = summarizeBatch(batch, { outcomes, routes, deadlineReached: true }, { startedAt: 0, durationMs: 0 });
    const stopped = summarizeBatch(batch, { outcomes, routes, deadlineReached: false }, { startedAt: 0, durationMs: 0 });

    expect(count(cut.counts)).toEqual({ succeeded: 1, 'timed-out': 1, 'not-started': 2 });
    expect(count(stopped.counts)).toEqual({ succeeded: 1, 'not-started': 3 });
  });

  it('keeps the measured durations of the records each route completed, in whole microseconds', () => {
    const outcomes = Uint8Array.from([Outcome.succeeded, Outcome.failed, Outcome.running, Outcome.succeeded]);
    const routes = ['A.a', 'A.a', 'A.a', 'B.b'];
    const durations = Float64Array.from([1.2345678, 2.5, 9, NaN]);

    const summary = summarizeBatch(batch, { outcomes, routes, deadlineReached: true }, { startedAt: 0, durationMs: 0, durations });

    expect(summary.routes.map((route) => [route.route, route.durations])).toEqual([
      ['A.a', [1235, 2500]],
      ['B.b', []],
    ]);
  });

  it("measures the oldest record's age from the earliest arrival timestamp, in milliseconds", () => {
    const outcomes = new Uint8Array(4);

    const summary = summarizeBatch(batch, { outcomes, routes: [], deadlineReached: false }, { startedAt: 1_005_000, durationMs: 0 });

    expect(summary.oldestRecordAgeMs).toBe(5_500);
  });

  it('has no oldest record age for an empty batch', () => {
    const empty = readBatch({ Records: [] }, true);

    const summary = summarizeBatch(empty, { outcomes: new Uint8Array(0), routes: [], deadlineReached: false }, { startedAt: 0, durationMs: 0 });

    expect(summary.oldestRecordAgeMs).toBeUndefined();
    expect(summary.routes).toEqual([]);
  });

  it('names outcomes as processBatch reports them', () => {
    expect(OUTCOME_NAMES).toEqual(['succeeded', 'skipped', 'failed', 'not-started', 'timed-out']);
  });

  it('names every RecordStatus once, in the order RecordStatus lists them', () => {
    expect(OUTCOME_NAMES).toEqual(Object.values(RecordStatus));
  });
});
