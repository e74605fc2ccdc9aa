import { WindowReduceError } from 'shardline/windows';
import { aggregateRecords, kinesisEvent } from 'shardline/testing';
import { readBatch } from '../../../../src/records/batch';
import { foldContributions, lowestReported, type Reducer } from '../../../../src/runtime/window/fold';
import { Outcome } from '../../../../src/runtime/outcome';

const appending: Reducer = {
  id: 'Test.add',
  reduce: (state, contribution) => ({ seen: [...(state as { seen: unknown[] }).seen, contribution] }),
};
const open = () => ({ seen: [] });

/** A batch of plain records and one aggregate of three sub-records (units 1 to 3). */
function batchWithAggregate() {
  const event = kinesisEvent([{ data: 'a' }, { data: aggregateRecords(['b0', 'b1', 'b2'].map((data) => ({ partitionKey: data, data }))) }, { data: 'c' }]);
  return { batch: readBatch(event, true), sequenceNumbers: event.Records.map((record) => record.kinesis.sequenceNumber) };
}

describe('lowestReported', () => {
  it('is the lowest identifier, compared as a number of any length', () => {
    const response = { batchItemFailures: [{ itemIdentifier: '49590338271490256608559692538361571095921575989136588900' }, { itemIdentifier: '9' }] };

    expect(lowestReported(response)).toBe(9n);
  });

  it('is undefined when nothing is reported', () => {
    expect(lowestReported({ batchItemFailures: [] })).toBeUndefined();
  });
});

describe('foldContributions', () => {
  it('folds every completed contribution in batch order when nothing is reported', () => {
    const { batch } = batchWithAggregate();
    const outcomes = Uint8Array.from([Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);

    const state = foldContributions(batch, outcomes, ['a', 'b0', 'b1', 'b2', 'c'], undefined, open, appending);

    expect(state).toEqual({ seen: ['a', 'b0', 'b1', 'b2', 'c'] });
  });

  it('leaves out units at or above the limit, so a reported sub-record keeps all its siblings out', () => {
    const { batch, sequenceNumbers } = batchWithAggregate();
    const outcomes = Uint8Array.from([Outcome.succeeded, Outcome.succeeded, Outcome.failed, Outcome.succeeded, Outcome.succeeded]);

    const state = foldContributions(batch, outcomes, ['a', 'b0', undefined, 'b2', 'c'], BigInt(sequenceNumbers[1]), open, appending);

    expect(state).toEqual({ seen: ['a'] });
  });

  it('leaves out units that did not complete, and units without a contribution', () => {
    const { batch } = batchWithAggregate();
    const outcomes = Uint8Array.from([Outcome.running, Outcome.skipped, Outcome.succeeded, Outcome.succeeded, Outcome.succeeded]);

    const state = foldContributions(batch, outcomes, ['a', undefined, 'b1', undefined, 'c'], undefined, open, appending);

    expect(state).toEqual({ seen: ['b1', 'c'] });
  });

  it('folds a contribution of null, which is a value, unlike undefined', () => {
    const { batch } = batchWithAggregate();
    const outcomes = new Uint8Array(batch.size).fill(Outcome.succeeded);

    const state = foldContributions(batch, outcomes, [null], undefined, open, appending);

    expect(state).toEqual({ seen: [null] });
  });

  it('neither opens the state nor calls the reducer when nothing contributes', () => {
    const { batch } = batchWithAggregate();
    const opened = jest.fn(open);

    const state = foldContributions(batch, new Uint8Array(batch.size).fill(Outcome.succeeded), [], undefined, opened, appending);

    expect(state).toBeUndefined();
    expect(opened).not.toHaveBeenCalled();
  });

  it('names the sub-record whose contribution the reducer threw on', () => {
    const { batch, sequenceNumbers } = batchWithAggregate();
    const failing: Reducer = {
      id: 'Test.add',
      reduce: (state, contribution) => {
        if (contribution === 'b1') throw new Error('boom');
        return state;
      },
    };

    const act = () => foldContributions(batch, new Uint8Array(batch.size).fill(Outcome.succeeded), ['a', 'b0', 'b1'], undefined, open, failing);

    expect(act).toThrow(WindowReduceError);
    expect(act).toThrow(`Test.add threw, folding the contribution of record ${sequenceNumbers[1]} (sub-record 1) with partition key "b1"`);
  });
});
