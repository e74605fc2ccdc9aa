import 'reflect-metadata';
import { createHandler, OnRecord, StreamHandler, type HandlerOptions } from 'shardline';
import { planEventSourceMapping, readHandlerFacts, type HandlerFacts, type MappingSettings } from 'shardline/deployment';
import { revenueOptions, WindowedRevenue } from '../../../examples/windowed-revenue/handler';
import { silentLogger } from '../../support/capture-logger';

@StreamHandler()
class Orders {
  @OnRecord('order.created') created() {}
}

function factsOf(options: HandlerOptions = {}): HandlerFacts {
  const handler = createHandler([Orders], { logger: silentLogger, ...options });
  return { routes: handler.routes, options: handler.options };
}

/** The windowed-revenue example: @WindowReduce and @OnWindowEnd, ordered by partition key. */
function windowedFacts(): HandlerFacts {
  const handler = createHandler([new WindowedRevenue()], { ...revenueOptions, logger: silentLogger });
  return { routes: handler.routes, options: handler.options };
}

const WITH_DESTINATION: MappingSettings = { onFailureDestination: true };

function codes(findings: ReadonlyArray<{ code: string }>): string[] {
  return findings.map((finding) => finding.code);
}

describe('planEventSourceMapping', () => {
  it("fills in shardline's defaults, with ReportBatchItemFailures on and nothing to report", () => {
    // Act
    const plan = planEventSourceMapping(factsOf(), WITH_DESTINATION);

    // Assert
    expect(plan).toEqual({
      timeoutSeconds: 60,
      batchSize: 100,
      maxBatchingWindowSeconds: 0,
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnError: false,
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      filters: [],
      errors: [],
      warnings: [],
    });
  });

  it('keeps the settings it is given', () => {
    // Act
    const plan = planEventSourceMapping(factsOf(), {
      ...WITH_DESTINATION,
      timeoutSeconds: 120,
      batchSize: 500,
      maxBatchingWindowSeconds: 5,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: 1_700_000_000,
      retryAttempts: 10,
      maxRecordAgeSeconds: 3600,
    });

    // Assert
    expect(plan).toMatchObject({
      timeoutSeconds: 120,
      batchSize: 500,
      maxBatchingWindowSeconds: 5,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: 1_700_000_000,
      retryAttempts: 10,
      maxRecordAgeSeconds: 3600,
      errors: [],
    });
  });

  it('raises the default timeout to what a large deadline margin needs', () => {
    expect(planEventSourceMapping(factsOf({ deadlineMarginMs: 45_000 }), WITH_DESTINATION).timeoutSeconds).toBe(90);
  });

  it('refuses a timeout under twice the deadline margin, saying how long it must be', () => {
    // Act
    const plan = planEventSourceMapping(factsOf({ deadlineMarginMs: 5_000 }), { ...WITH_DESTINATION, timeoutSeconds: 8 });

    // Assert
    expect(codes(plan.errors)).toEqual(['timeout']);
    expect(plan.errors[0].message).toMatch(/a function timeout of 8 s is too short for deadlineMarginMs 5000.*at least 10 s/);
  });

  it('refuses a timeout that leaves less than a second after the margin', () => {
    expect(codes(planEventSourceMapping(factsOf({ deadlineMarginMs: 500 }), { ...WITH_DESTINATION, timeoutSeconds: 1 }).errors)).toEqual(['timeout']);
    expect(planEventSourceMapping(factsOf({ deadlineMarginMs: 500 }), { ...WITH_DESTINATION, timeoutSeconds: 2 }).errors).toEqual([]);
  });

  it('bisects by default exactly when the handler throws on a full batch failure', () => {
    expect(planEventSourceMapping(factsOf({ throwOnFullBatchFailure: true }), WITH_DESTINATION).bisectBatchOnError).toBe(true);
    expect(planEventSourceMapping(factsOf(), WITH_DESTINATION).bisectBatchOnError).toBe(false);
  });

  it('warns that bisect does nothing useful without throwOnFullBatchFailure', () => {
    // Act
    const plan = planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, bisectBatchOnError: true });

    // Assert
    expect(plan.errors).toEqual([]);
    expect(codes(plan.warnings)).toEqual(['bisect']);
    expect(plan.warnings[0].message).toMatch(/set throwOnFullBatchFailure: true/);
  });

  it("refuses a parallelization factor above 1 when the handler keeps the shard's order", () => {
    // Act
    const plan = planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, parallelizationFactor: 4 });

    // Assert
    expect(codes(plan.errors)).toEqual(['ordering']);
    expect(plan.errors[0].message).toMatch(/ordering: 'shard', the default.*Set ordering: 'partition-key'/);
  });

  it.each(['partition-key', 'none'] as const)('allows a parallelization factor above 1 under ordering %s', (ordering) => {
    expect(planEventSourceMapping(factsOf({ ordering }), { ...WITH_DESTINATION, parallelizationFactor: 4 }).errors).toEqual([]);
  });

  it('plans the tumbling window of a handler with window methods', () => {
    // Act
    const plan = planEventSourceMapping(windowedFacts(), { ...WITH_DESTINATION, tumblingWindowSeconds: 300 });

    // Assert
    expect(plan).toMatchObject({ tumblingWindowSeconds: 300, parallelizationFactor: 1, errors: [] });
  });

  it('refuses a tumbling window to a handler without window methods, saying how to add them', () => {
    // Act
    const plan = planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, tumblingWindowSeconds: 60 });

    // Assert
    expect(codes(plan.errors)).toEqual(['tumbling-window']);
    expect(plan.errors[0].message).toMatch(
      /has no window methods: it hands the state back unchanged.*Add a @WindowReduce method.*an @OnWindowEnd method.*or remove the tumbling window/,
    );
  });

  it('refuses window methods without a tumbling window, naming them and how to set one', () => {
    // Act
    const plan = planEventSourceMapping(windowedFacts(), WITH_DESTINATION);

    // Assert
    expect(codes(plan.errors)).toEqual(['tumbling-window']);
    expect(plan.errors[0].message).toMatch(
      /WindowedRevenue\.add \(@WindowReduce\) and WindowedRevenue\.close \(@OnWindowEnd\), but the mapping has no tumbling window.*never.*Set a tumbling window of 1 to 900 s \(tumblingWindow in KinesisConsumer, --tumbling-window in shardline template\)/,
    );
  });

  it('reads a tumbling window of 0 as none, as Lambda does', () => {
    // Act
    const plain = planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, tumblingWindowSeconds: 0 });
    const windowed = planEventSourceMapping(windowedFacts(), { ...WITH_DESTINATION, tumblingWindowSeconds: 0 });

    // Assert
    expect(plain.errors).toEqual([]);
    expect(plain).not.toHaveProperty('tumblingWindowSeconds');
    expect(windowed.errors[0].message).toMatch(/the mapping has no tumbling window/);
  });

  it('refuses a tumbling window with a parallelization factor above 1, whatever the ordering', () => {
    // Act
    const plan = planEventSourceMapping(windowedFacts(), { ...WITH_DESTINATION, tumblingWindowSeconds: 60, parallelizationFactor: 2 });

    // Assert
    expect(codes(plan.errors)).toEqual(['tumbling-window']);
    expect(plan.errors[0].message).toMatch(/a tumbling window needs a parallelization factor of 1, but it is 2: Lambda keeps one window state per shard/);
  });

  it.each([-1, 901, 1.5])('refuses a tumbling window of %p s, outside 0 to 900', (seconds) => {
    expect(planEventSourceMapping(windowedFacts(), { ...WITH_DESTINATION, tumblingWindowSeconds: seconds }).errors).toContainEqual({
      code: 'tumbling-window',
      message: `the tumbling window (seconds; 0 for none) must be a whole number from 0 to 900, but is ${seconds}`,
    });
  });

  it('takes the longest tumbling window Lambda allows', () => {
    expect(planEventSourceMapping(windowedFacts(), { ...WITH_DESTINATION, tumblingWindowSeconds: 900 }).errors).toEqual([]);
  });

  it('warns when nothing keeps what Lambda gives up on', () => {
    expect(codes(planEventSourceMapping(factsOf(), {}).warnings)).toEqual(['on-failure']);
  });

  it('refuses values outside what Lambda accepts', () => {
    // Act
    const plan = planEventSourceMapping(factsOf({ ordering: 'none' }), {
      ...WITH_DESTINATION,
      batchSize: 0,
      maxBatchingWindowSeconds: 301,
      retryAttempts: -2,
      maxRecordAgeSeconds: 30,
      parallelizationFactor: 11,
      timeoutSeconds: 901,
    });

    // Assert
    expect(codes(plan.errors).sort()).toEqual(['batch-size', 'batching-window', 'parallelization-factor', 'record-age', 'retry-attempts', 'timeout']);
  });

  it('refuses AT_TIMESTAMP without a timestamp', () => {
    expect(codes(planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, startingPosition: 'AT_TIMESTAMP' }).errors)).toEqual(['starting-position']);
  });

  it('turns filters that are not exact into refusals', () => {
    expect(codes(planEventSourceMapping(factsOf(), { ...WITH_DESTINATION, filters: 'routes' }).errors)).toEqual(['filters', 'filters', 'filters']);
  });

  it('carries the derived filters', () => {
    // Act
    const plan = planEventSourceMapping(factsOf({ invalid: 'skip' }), {
      ...WITH_DESTINATION,
      filters: { from: 'routes', aggregated: false, compressed: false },
    });

    // Assert
    expect(plan.filters).toEqual([{ data: { type: ['order.created'] } }]);
  });
});

describe('readHandlerFacts', () => {
  it("reads a handler's routes and options", () => {
    // Arrange
    const handler = createHandler([Orders], { logger: silentLogger, ordering: 'partition-key' });

    // Act
    const facts = readHandlerFacts(handler);

    // Assert
    expect(facts).toEqual({
      routes: handler.routes,
      options: expect.objectContaining({ ordering: 'partition-key', deadlineMarginMs: 2_000, codec: 'json', discriminator: 'type' }) as unknown,
    });
  });

  it('reads window methods without asking them for a codec, which they do not have', () => {
    // Arrange
    const { routes, options } = windowedFacts();
    const withoutCodecs = routes.map((route) => (route.kind === 'window-reduce' || route.kind === 'window-end' ? { ...route, codec: undefined } : route));

    // Act
    const facts = readHandlerFacts(JSON.parse(JSON.stringify({ routes: withoutCodecs, options })));

    // Assert
    expect(typeof facts === 'string' ? facts : facts.routes.map((route) => route.kind)).toEqual(['record', 'record', 'invalid', 'window-reduce', 'window-end']);
  });

  it('refuses a route without a codec', () => {
    // Arrange
    const { routes, options } = windowedFacts();

    // Act
    const facts = readHandlerFacts({ routes: routes.map((route) => ({ ...route, codec: undefined })), options });

    // Assert
    expect(facts).toMatch(/its route table holds \{"kind":"record","handler":"WindowedRevenue","method":"paid".*not a route description/);
  });

  it('says why a plain function is not a shardline handler', () => {
    expect(readHandlerFacts(() => Promise.resolve({ batchItemFailures: [] }))).toMatch(/no route table/);
  });

  it('says when a handler cannot tell its options', () => {
    expect(readHandlerFacts({ routes: [] })).toMatch(/no handler\.options/);
  });
});
