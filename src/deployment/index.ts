/**
 * `shardline/deployment`: what a deployment of a shardline handler must look like, for the tools
 * (`@shardline/cdk`, `shardline template`). Pure functions of a handler's routes and options; no
 * Lambda bundle imports it.
 */
export { readHandlerFacts, isWindowMethod, type HandlerFacts } from './handler-facts.js';
export type { HandlerSettings } from './handler-settings.js';
export {
  deriveEventFilters,
  DEFAULT_MAX_FILTERS,
  MAX_FILTERS_WITH_QUOTA_INCREASE,
  MAX_PATTERN_LENGTH,
  type EventFilterResult,
  type FilterPattern,
  type RouteFilterOptions,
} from './event-filters.js';
export {
  planEventSourceMapping,
  minimumTimeoutMs,
  DEFAULT_TIMEOUT_SECONDS,
  MIN_WORKING_TIME_MS,
  StartingPosition,
  type Finding,
  type MappingPlan,
  type MappingSettings,
} from './mapping-plan.js';
