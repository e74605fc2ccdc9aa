/**
 * Lambda event filters derived from a handler's route table, only where they are exact: a filter
 * must admit every record some route would handle, and may drop only records the handler would
 * skip anyway. Anything less would lose records before they are billed, and before anyone sees them.
 *
 * What Lambda can do decides what we can derive (AWS Lambda Developer Guide, "Using event filtering
 * with a Kinesis event source" and "Control which events Lambda sends to your function"):
 * - Kinesis mappings filter on the `data` key only, and only when the data is JSON: a record whose
 *   data is not JSON is dropped by any filter that names `data`. Partition keys cannot be filtered,
 *   so a route that matches by partition key alone makes filters inexact.
 * - Filters are ORed; within one, fields are ANDed and the values listed for a field are ORed.
 * - 5 filters a mapping by default (10 with a quota increase), each pattern at most 4,096 characters.
 */
import type { RecordRouteDescription } from '../routing/route.js';
import type { HandlerFacts } from './handler-facts.js';

/**
 * One Lambda filter pattern, as an object; the mapping takes `JSON.stringify(pattern)`.
 *
 * @example
 * const pattern: FilterPattern = { data: { type: ['order.created', 'order.cancelled'] } };
 */
export interface FilterPattern {
  readonly data: { readonly [field: string]: unknown };
}

/**
 * What the deployment knows about the stream's records that the handler's options leave open. A
 * data filter silently drops KPL aggregates and compressed records (neither is JSON to Lambda), so
 * filters are derived only when they cannot arrive, or when the handler would not decode them anyway.
 *
 * @example
 * deriveEventFilters(facts, { aggregated: false, compressed: false });
 */
export interface RouteFilterOptions {
  /** `false`: no producer writes KPL aggregates. Needed unless the handler sets `deaggregate: false`. */
  readonly aggregated?: boolean;
  /** `false`: no producer compresses records. Needed unless the handler sets `decompress: false`. */
  readonly compressed?: boolean;
  /**
   * `true`: records the handler cannot decode may be dropped by Lambda, unseen. A data filter drops
   * every record whose data is not JSON, and one whose JSON shardline refuses (a `__proto__` key)
   * unless its type is routed. Needed when the handler would not skip them itself (an `@OnInvalid`
   * route, or `invalid: 'fail'`, the default).
   */
  readonly dropUndecodable?: boolean;
  /** The filters a mapping may carry: 5 by default, up to 10 with a Lambda quota increase. */
  readonly maxFilters?: number;
}

/**
 * Filters derived from routes, or why they cannot be.
 *
 * @example
 * const result = deriveEventFilters(facts);
 * if (!result.ok) throw new Error(result.reasons.join('\n'));
 */
export type EventFilterResult =
  { readonly ok: true; readonly patterns: readonly FilterPattern[] } | { readonly ok: false; readonly reasons: readonly string[] };

/** Lambda's default quota of filters for one event source mapping. */
export const DEFAULT_MAX_FILTERS = 5;
/** The most a quota increase allows. */
export const MAX_FILTERS_WITH_QUOTA_INCREASE = 10;
/** The longest pattern Lambda accepts, in characters. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Derives Lambda filter patterns from a handler's routes: one pattern a discriminator path, listing
 * the payload types routed by it (split in several when one would pass 4,096 characters). Routes
 * that also match a partition key are filtered by their type alone: the filter admits a few records
 * the handler then skips, never the reverse.
 *
 * @example
 * deriveEventFilters({ routes: handler.routes, options: handler.options }, { aggregated: false, compressed: false, dropUndecodable: true });
 * // { ok: true, patterns: [{ data: { type: ['order.created', 'order.cancelled'] } }] }
 */
export function deriveEventFilters(facts: HandlerFacts, options: RouteFilterOptions = {}): EventFilterResult {
  const reasons: string[] = [];
  const typesByPath = new Map<string, string[]>();
  const settings = facts.options;
  for (const route of facts.routes) {
    const where = `${route.handler}.${route.method}`;
    switch (route.kind) {
      case 'partition-key':
        reasons.push(
          `route ${where} matches partition key ${route.partitionKey ?? ''} whatever the data holds; Kinesis event filters can only read data, so a filter would drop its records. Route it by payload type, or deploy without filters`,
        );
        break;
      case 'unmatched':
        reasons.push(`route ${where} (@OnUnmatched) handles records no other route takes; a filter would drop them before it sees them`);
        break;
      case 'invalid':
        // Records it receives are admitted when their type is routed; those that are not JSON are the non-JSON check below.
        break;
      case 'window-reduce':
      case 'window-end':
        // They fold what routes return and read no record: nothing for a filter to admit.
        break;
      case 'record': {
        const problem = typeRouteProblem(route);
        if (problem !== undefined) {
          reasons.push(`route ${where} ${problem}`);
          break;
        }
        const path = route.discriminator as string;
        const types = typesByPath.get(path) ?? [];
        if (!types.includes(route.type as string)) types.push(route.type as string);
        typesByPath.set(path, types);
        break;
      }
    }
  }
  if (settings.unmatched === 'fail') {
    reasons.push(
      "the handler fails records no route matches (unmatched: 'fail'); a filter would drop them instead, so the failure would never be seen. Use unmatched: 'skip', or deploy without filters",
    );
  }
  if (settings.deaggregate && options.aggregated !== false) {
    reasons.push(
      'KPL-aggregated records are not JSON to Lambda, so a data filter drops each aggregate with every record in it; state that no producer aggregates (aggregated: false; shardline template --not-aggregated), or set deaggregate: false in createHandler',
    );
  }
  if (settings.decompress && options.compressed !== false) {
    reasons.push(
      'gzip or zlib compressed records are not JSON to Lambda, so a data filter drops them; state that no producer compresses (compressed: false; --not-compressed), or set decompress: false in createHandler',
    );
  }
  const invalidRoute = facts.routes.find((route) => route.kind === 'invalid');
  if (options.dropUndecodable !== true && (invalidRoute !== undefined || settings.invalid !== 'skip')) {
    const handling =
      invalidRoute !== undefined ? `passes them to ${invalidRoute.handler}.${invalidRoute.method} (@OnInvalid)` : "fails them (invalid: 'fail', the default)";
    reasons.push(
      `Lambda drops records whose data is not JSON (and the filter, records of other types whose JSON shardline refuses) before the handler runs, and this handler ${handling}; state that dropping them is intended (dropUndecodable: true; --drop-undecodable), or use invalid: 'skip' without @OnInvalid`,
    );
  }
  if (typesByPath.size === 0 && reasons.length === 0) reasons.push('no route matches by payload type, so there is nothing a data filter could select');
  if (reasons.length > 0) return { ok: false, reasons };

  const patterns: FilterPattern[] = [];
  for (const [path, types] of typesByPath) patterns.push(...patternsFor(path, types));
  const maxFilters = options.maxFilters ?? DEFAULT_MAX_FILTERS;
  if (!Number.isInteger(maxFilters) || maxFilters < 1 || maxFilters > MAX_FILTERS_WITH_QUOTA_INCREASE) {
    return { ok: false, reasons: [`maxFilters must be an integer from 1 to ${MAX_FILTERS_WITH_QUOTA_INCREASE}, but is ${JSON.stringify(maxFilters)}`] };
  }
  const tooLong = patterns.find((pattern) => JSON.stringify(pattern).length > MAX_PATTERN_LENGTH);
  if (tooLong !== undefined) {
    return {
      ok: false,
      reasons: [
        `the pattern ${JSON.stringify(tooLong).slice(0, 80)}... is longer than Lambda's ${MAX_PATTERN_LENGTH} characters even with a single type; deploy without filters`,
      ],
    };
  }
  if (patterns.length > maxFilters) {
    return {
      ok: false,
      reasons: [
        `the routes need ${patterns.length} filters (${[...typesByPath.keys()].map((path) => `types at ${path}`).join(', ')}), over the quota of ${maxFilters}; raise the quota and set maxFilters (--max-filters; up to ${MAX_FILTERS_WITH_QUOTA_INCREASE}), or deploy without filters`,
      ],
    };
  }
  return { ok: true, patterns };
}

/** Why a type route cannot become a filter value; `undefined` when it can. */
function typeRouteProblem(route: RecordRouteDescription): string | undefined {
  if (route.codec !== 'json') return `reads its payload type with the ${JSON.stringify(route.codec)} codec; Lambda filters read JSON only`;
  const discriminator = route.discriminator;
  if (discriminator === undefined || route.type === undefined) return 'has no payload type to filter on';
  if (discriminator.startsWith('function '))
    return `reads its payload type with a discriminator ${discriminator}, which a filter cannot express; use a dot path`;
  // A `$`-prefixed key is an operator in filter syntax (`$or`), not a field.
  if (discriminator.split('.').some((segment) => segment.startsWith('$')))
    return `reads its payload type at ${discriminator}, which filter syntax would read as an operator`;
  return undefined;
}

/** `{ data: { meta: { kind: [types] } } }` for path `meta.kind`, split to keep each under Lambda's length limit. */
function patternsFor(path: string, types: readonly string[]): FilterPattern[] {
  const patterns: FilterPattern[] = [];
  let chunk: string[] = [];
  for (const type of types) {
    const next = [...chunk, type];
    if (chunk.length > 0 && JSON.stringify(nest(path, next)).length > MAX_PATTERN_LENGTH) {
      patterns.push(nest(path, chunk));
      chunk = [type];
    } else {
      chunk = next;
    }
  }
  patterns.push(nest(path, chunk));
  return patterns;
}

function nest(path: string, values: readonly string[]): FilterPattern {
  let node: unknown = values;
  const segments = path.split('.');
  for (let i = segments.length - 1; i >= 0; i--) node = { [segments[i]]: node };
  return { data: node as FilterPattern['data'] };
}
