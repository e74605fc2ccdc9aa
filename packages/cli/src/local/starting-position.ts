/**
 * Where a mapping starts reading the shards that exist when it starts (shards created later by
 * resharding are always read from their start).
 *
 * @example
 * startEventSourceMapping({ client, streamName, handler, startingPosition: StartingPosition.LATEST });
 */
export const StartingPosition = {
  TRIM_HORIZON: 'TRIM_HORIZON',
  LATEST: 'LATEST',
  AT_TIMESTAMP: 'AT_TIMESTAMP',
} as const;
/**
 * One of {@link StartingPosition}.
 *
 * @example
 * const position: StartingPosition = 'TRIM_HORIZON';
 */
export type StartingPosition = (typeof StartingPosition)[keyof typeof StartingPosition];
