import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { readBatch, type Batch } from '../../../src/records/batch';
import { buildResponse, reportRun, type BatchRun } from '../../../src/runtime/batch-processor';
import { Outcome } from '../../../src/runtime/outcome';

function plainBatch(count: number): Batch {
  return readBatch(kinesisEvent(Array.from({ length: count }, (_, i) => ({ data: { i }, partitionKey: `k-${i}` }))), true);
}

/** One plain record, an aggregate of three sub-records, one plain record: five units, three records. */
function batchWithAggregate(): Batch {
  const aggregate = aggregateRecords([
    { partitionKey: 'x', data: '{"n":0}' },
    { partitionKey: 'y', data: '{"n":1}' },
    { partitionKey: 'x', data: '{"n":2}' },
  ]);
  return readBatch(kinesisEvent([{ data: { n: 'before' } }, { data: aggregate, partitionKey: 'x' }, { data: { n: 'after' } }]), true);
}

function ids(batch: Batch, outcomes: number[]): string[] {
  return buildResponse(batch, Uint8Array.from(outcomes)).batchItemFailures.map((failure) => failure.itemIdentifier);
}

describe('buildResponse', () => {
  it('lists nothing when every record succeeded or was skipped', () => {
    const batch = plainBatch(3);

    expect(buildResponse(batch, Uint8Array.from([Outcome.succeeded, Outcome.skipped, Outcome.succeeded]))).toEqual({ batchItemFailures: [] });
  });

  it('returns an object with an empty list for an empty batch, never undefined', () => {
    expect(buildResponse(readBatch({ Records: [] }, true), new Uint8Array(0))).toEqual({ batchItemFailures: [] });
  });

  it('lists failed, running and never-started records by their own sequence numbers, in batch order', () => {
    const batch = plainBatch(5);

    const listed = ids(batch, [Outcome.succeeded, Outcome.failed, Outcome.succeeded, Outcome.running, Outcome.pending]);

    expect(listed).toEqual([batch.sequenceNumber(1), batch.sequenceNumber(3), batch.sequenceNumber(4)]);
  });

  it('lists an aggregate once, by its own sequence number, when several of its sub-records did not complete', () => {
    const batch = batchWithAggregate();

    const listed = ids(batch, [Outcome.succeeded, Outcome.failed, Outcome.pending, Outcome.pending, Outcome.succeeded]);

    expect(batch.size).toBe(5);
    expect(listed).toEqual([batch.sequenceNumber(1)]);
  });

  it('lists an aggregate when only one of its sub-records did not complete', () => {
    const batch = batchWithAggregate();

    const listed = ids(batch, [Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.failed, Outcome.succeeded]);

    expect(listed).toEqual([batch.sequenceNumber(3)]);
  });

  it('lists the records around an aggregate each once, in batch order', () => {
    const batch = batchWithAggregate();

    const listed = ids(batch, [Outcome.failed, Outcome.failed, Outcome.succeeded, Outcome.failed, Outcome.pending]);

    expect(listed).toEqual([batch.sequenceNumber(0), batch.sequenceNumber(1), batch.sequenceNumber(4)]);
    expect(new Set(listed).size).toBe(3);
  });
});

describe('reportRun', () => {
  function run(outcomes: number[], deadlineReached: boolean, errors: unknown[] = []): BatchRun {
    const batch = batchWithAggregate();
    const o = Uint8Array.from(outcomes);
    return { batch, outcomes: o, errors, routes: Array.from(o, () => 'Handler.handle'), deadlineReached, response: buildResponse(batch, o) };
  }

  it('names the status of every record, and a running one as timed out when the deadline stopped the batch', () => {
    const report = reportRun(run([Outcome.succeeded, Outcome.skipped, Outcome.failed, Outcome.running, Outcome.pending], true));

    expect(report.records.map((record) => record.status)).toEqual(['succeeded', 'skipped', 'failed', 'timed-out', 'not-started']);
    expect(report.deadlineReached).toBe(true);
  });

  it('does not call a running record timed out when no deadline was reached', () => {
    const report = reportRun(run([Outcome.succeeded, Outcome.running, Outcome.pending, Outcome.pending, Outcome.pending], false));

    expect(report.records[1].status).toBe('not-started');
  });

  it('keeps the error of a failed record, and gives no error to the others', () => {
    const error = new Error('boom');

    const report = reportRun(run([Outcome.succeeded, Outcome.failed, Outcome.pending, Outcome.pending, Outcome.pending], false, [undefined, error]));

    expect(report.records[1].error).toBe(error);
    expect(report.records[0]).not.toHaveProperty('error');
  });

  it('gives a sub-record its sub-sequence number and a plain record none', () => {
    const report = reportRun(run([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded], false));

    expect(report.records.map((record) => record.subSequenceNumber)).toEqual([undefined, 0, 1, 2, undefined]);
    expect(report.records[0]).not.toHaveProperty('subSequenceNumber');
  });
});
