/**
 * The six batch invariants of issue 3, for random batches of 0 to 2,000 records with random keys
 * and random outcomes, under every ordering and failure mode and several concurrencies. The
 * harness drives the exported handler with whole events, so what is proven is what Lambda sees.
 * Since issue 11 the outcomes include odd thrown values, routes that change their raw record,
 * payloads that crash the payload-class path, and a logger that throws: an invocation that
 * rejects instead of returning a response breaks invariant 2, a poison payload that never
 * reaches `@OnInvalid` breaks progress.
 */
import fc from 'fast-check';
import { aggregatedBatchArb, expectNoViolations, INVARIANTS, MODES, plainBatchArb, progressAsPromised, runScenario, type Outcome } from './batch-harness';

/** Runs per (invariant, mode): 36 properties of plain batches, then the aggregated ones. */
const PLAIN_RUNS = 40;
const AGGREGATED_RUNS = 20;

describe.each(INVARIANTS)('invariant %s', (name, check) => {
  // Invariant 5 is about 'stop'; under 'continue' it holds vacuously and would test nothing.
  const modes = name.startsWith('5.') ? MODES.filter(([, onFailure]) => onFailure === 'stop') : MODES;

  it.each(modes)('holds for random batches under ordering %s with onFailure %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(plainBatchArb(ordering, onFailure), async (scenario) => {
        const outcome = await runScenario(scenario);

        expectNoViolations(name, check(outcome), outcome);
      }),
      { numRuns: PLAIN_RUNS },
    );
  });

  it.each(modes)('holds for batches of KPL aggregates whose sub-records have their own keys, under %s with %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(aggregatedBatchArb(ordering, onFailure), async (scenario) => {
        const outcome = await runScenario(scenario);

        expectNoViolations(name, check(outcome), outcome);
      }),
      { numRuns: AGGREGATED_RUNS },
    );
  });
});

describe('progress, which keeps the invariants from being met by doing nothing', () => {
  it.each(MODES)('starts every record the failure mode allows, once, on its own key, under %s with %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(plainBatchArb(ordering, onFailure), async (scenario) => {
        const outcome: Outcome = await runScenario(scenario);

        expectNoViolations('progress', progressAsPromised(outcome), outcome);
      }),
      { numRuns: PLAIN_RUNS },
    );
  });

  it.each(MODES)('starts every sub-record the failure mode allows, under %s with %s', async (ordering, onFailure) => {
    await fc.assert(
      fc.asyncProperty(aggregatedBatchArb(ordering, onFailure), async (scenario) => {
        const outcome = await runScenario(scenario);

        expectNoViolations('progress', progressAsPromised(outcome), outcome);
      }),
      { numRuns: AGGREGATED_RUNS },
    );
  });
});
