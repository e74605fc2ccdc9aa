import 'reflect-metadata';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, OnUnmatched, PayloadType, StreamHandler, type HandlerOptions } from 'shardline';
import { deriveEventFilters, type HandlerFacts, type RouteFilterOptions } from 'shardline/deployment';
import { revenueOptions, WindowedRevenue } from '../../../examples/windowed-revenue/handler';
import { silentLogger } from '../../support/capture-logger';

/** What a producer that neither aggregates nor compresses states. */
const PLAIN_PRODUCERS: RouteFilterOptions = { aggregated: false, compressed: false };

function factsOf(handlers: object[], options: HandlerOptions = {}): HandlerFacts {
  const handler = createHandler(handlers, { logger: silentLogger, invalid: 'skip', ...options });
  return { routes: handler.routes, options: handler.options };
}

@StreamHandler()
class Orders {
  @OnRecord('order.created') created() {}
  @OnRecord('order.cancelled') cancelled() {}
}

describe('deriveEventFilters', () => {
  it('lists the routed payload types at the discriminator path in one pattern', () => {
    // Arrange
    const facts = factsOf([Orders]);

    // Act
    const result = deriveEventFilters(facts, PLAIN_PRODUCERS);

    // Assert
    expect(result).toEqual({ ok: true, patterns: [{ data: { type: ['order.created', 'order.cancelled'] } }] });
  });

  it('nests a dotted discriminator path', () => {
    // Arrange
    const facts = factsOf([Orders], { discriminator: 'meta.kind' });

    // Act
    const result = deriveEventFilters(facts, PLAIN_PRODUCERS);

    // Assert
    expect(result).toEqual({ ok: true, patterns: [{ data: { meta: { kind: ['order.created', 'order.cancelled'] } } }] });
  });

  it('gives each discriminator of a payload class its own pattern', () => {
    // Arrange
    @PayloadType('Object Created', { discriminator: 'detail-type' })
    class ObjectCreated {}
    @StreamHandler()
    class Mixed {
      @OnRecord('order.created') created() {}
      @OnRecord(ObjectCreated) object() {}
    }

    // Act
    const result = deriveEventFilters(factsOf([Mixed]), PLAIN_PRODUCERS);

    // Assert
    expect(result).toEqual({ ok: true, patterns: [{ data: { type: ['order.created'] } }, { data: { 'detail-type': ['Object Created'] } }] });
  });

  it('filters a route narrowed to a partition key by its type alone', () => {
    // Arrange
    @StreamHandler()
    class Vip {
      @OnRecord({ type: 'order.created', partitionKey: /^vip-/ }) vip() {}
    }

    // Act
    const result = deriveEventFilters(factsOf([Vip]), PLAIN_PRODUCERS);

    // Assert
    expect(result).toEqual({ ok: true, patterns: [{ data: { type: ['order.created'] } }] });
  });

  it('filters the routes of a windowed handler, whose window methods read no record', () => {
    // Arrange
    const facts = factsOf([new WindowedRevenue()], revenueOptions);

    // Act
    const result = deriveEventFilters(facts, { ...PLAIN_PRODUCERS, dropUndecodable: true });

    // Assert
    expect(result).toEqual({ ok: true, patterns: [{ data: { type: ['order.paid', 'order.refunded'] } }] });
  });

  it('splits the types of one path over several patterns to keep each within 4,096 characters', () => {
    // Arrange
    const types = Array.from({ length: 60 }, (_, i) => `order.${String(i).padStart(2, '0')}.${'x'.repeat(90)}`);
    @StreamHandler()
    class Many {}
    types.forEach((type, i) => {
      Object.defineProperty(Many.prototype, `m${i}`, { value() {}, writable: true, configurable: true });
      OnRecord(type)(Many.prototype, `m${i}`, Object.getOwnPropertyDescriptor(Many.prototype, `m${i}`) as PropertyDescriptor);
    });

    // Act
    const result = deriveEventFilters(factsOf([Many]), PLAIN_PRODUCERS);

    // Assert
    if (!result.ok) throw new Error(result.reasons.join('\n'));
    expect(result.patterns.length).toBe(2);
    expect(result.patterns.every((pattern) => JSON.stringify(pattern).length <= 4096)).toBe(true);
    expect(result.patterns.flatMap((pattern) => pattern.data.type as string[])).toEqual(types);
  });

  describe('refuses, naming what prevents it,', () => {
    function reasonsOf(facts: HandlerFacts, options: RouteFilterOptions = PLAIN_PRODUCERS): string {
      const result = deriveEventFilters(facts, options);
      if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.patterns)}`);
      return result.reasons.join('\n');
    }

    it('a route that matches a partition key whatever the data holds', () => {
      @StreamHandler()
      class Audit {
        @OnRecord('order.created') created() {}
        @OnPartitionKey(/^audit-/) audit() {}
      }

      expect(reasonsOf(factsOf([Audit]))).toMatch(/route Audit\.audit matches partition key \/\^audit-\/.*filters can only read data/);
    });

    it('an @OnUnmatched route', () => {
      @StreamHandler()
      class Fallback {
        @OnRecord('order.created') created() {}
        @OnUnmatched() rest() {}
      }

      expect(reasonsOf(factsOf([Fallback]))).toMatch(/route Fallback\.rest \(@OnUnmatched\)/);
    });

    it("unmatched: 'fail'", () => {
      expect(reasonsOf(factsOf([Orders], { unmatched: 'fail' }))).toMatch(/unmatched: 'fail'/);
    });

    it('a discriminator function', () => {
      expect(
        reasonsOf(
          factsOf([Orders], {
            discriminator: function kindOf() {
              return 'x';
            },
          }),
        ),
      ).toMatch(/route Orders\.created reads its payload type with a discriminator function kindOf/);
    });

    it('a type route whose codec is not JSON', () => {
      @StreamHandler()
      class Lines {
        @OnRecord({ type: 'line', codec: 'text' }) line() {}
      }

      expect(reasonsOf(factsOf([Lines]))).toMatch(/route Lines\.line reads its payload type with the "text" codec/);
    });

    it('records that may be KPL-aggregated, until the producers are stated not to aggregate', () => {
      expect(reasonsOf(factsOf([Orders]), { compressed: false })).toMatch(/KPL-aggregated records are not JSON to Lambda/);
      expect(deriveEventFilters(factsOf([Orders], { deaggregate: false }), { compressed: false }).ok).toBe(true);
    });

    it('records that may be compressed, until the producers are stated not to compress', () => {
      expect(reasonsOf(factsOf([Orders]), { aggregated: false })).toMatch(/compressed records are not JSON to Lambda/);
      expect(deriveEventFilters(factsOf([Orders], { decompress: false }), { aggregated: false }).ok).toBe(true);
    });

    it('an @OnInvalid route, unless dropping undecodable records is stated', () => {
      @StreamHandler()
      class Quarantining {
        @OnRecord('order.created') created() {}
        @OnInvalid() quarantine() {}
      }

      expect(reasonsOf(factsOf([Quarantining]))).toMatch(/passes them to Quarantining\.quarantine \(@OnInvalid\)/);
      expect(deriveEventFilters(factsOf([Quarantining]), { ...PLAIN_PRODUCERS, dropUndecodable: true }).ok).toBe(true);
    });

    it("invalid: 'fail', the default", () => {
      expect(reasonsOf(factsOf([Orders], { invalid: 'fail' }))).toMatch(/fails them \(invalid: 'fail', the default\)/);
    });

    it('more patterns than the filter quota', () => {
      @PayloadType('a', { discriminator: 'one' })
      class A {}
      @PayloadType('b', { discriminator: 'two' })
      class B {}
      @StreamHandler()
      class Spread {
        @OnRecord('t') t() {}
        @OnRecord(A) a() {}
        @OnRecord(B) b() {}
      }

      expect(reasonsOf(factsOf([Spread]), { ...PLAIN_PRODUCERS, maxFilters: 2 })).toMatch(
        /the routes need 3 filters \(types at type, types at one, types at two\), over the quota of 2/,
      );
      expect(deriveEventFilters(factsOf([Spread]), { ...PLAIN_PRODUCERS, maxFilters: 3 }).ok).toBe(true);
    });
  });
});
