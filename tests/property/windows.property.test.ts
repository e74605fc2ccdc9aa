/**
 * The tumbling-window invariant (issue 12), next to the six batch invariants: the state a window
 * invocation hands back is the fold, in batch order, of the contributions of the records Lambda
 * will not deliver again (those below the lowest reported sequence number), and of no other
 * record; under every ordering and failure mode, with KPL sub-records, deadlines,
 * `throwOnFullBatchFailure`, and final invocations, which either end the window with the whole
 * state or fail.
 */
import fc from 'fast-check';
import { MODES } from './batch-harness';
import { expectNoWindowViolations, runWindowScenario, stateIsTheFoldOfWhatLambdaWillNotRedeliver, windowScenarioArb } from './windows-harness';

const PLAIN_RUNS = 30;
const AGGREGATED_RUNS = 20;

describe('the state of a tumbling window', () => {
  it.each(MODES)('is the fold of what Lambda will not deliver again, for random batches under ordering %s with onFailure %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(windowScenarioArb('plain', ordering, onFailure), async (scenario) => {
        const outcome = await runWindowScenario(scenario);

        expectNoWindowViolations(stateIsTheFoldOfWhatLambdaWillNotRedeliver(outcome), outcome);
      }),
      { numRuns: PLAIN_RUNS },
    );
  });

  it.each(MODES)('leaves out every sub-record of an aggregate of which one is reported, under %s with %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(windowScenarioArb('aggregated', ordering, onFailure), async (scenario) => {
        const outcome = await runWindowScenario(scenario);

        expectNoWindowViolations(stateIsTheFoldOfWhatLambdaWillNotRedeliver(outcome), outcome);
      }),
      { numRuns: AGGREGATED_RUNS },
    );
  });
});
