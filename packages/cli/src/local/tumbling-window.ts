/**
 * Lambda's tumbling-window rules as pure functions and one small holder: which window a record falls
 * in, where a batch must stop so it never mixes windows, when an open window has closed, and how the
 * `state` of a response is read (required, a JSON object, at most 1 MB).
 */
import type { ShardRecord } from './lambda-event.js';

/** Lambda's limit for a window's state, per shard; a larger state terminates the window early. */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/**
 * How long after a window's end a read must have started before an empty read proves the window
 * closed. Kinesis stamps a record's arrival time a moment before the record becomes readable, so a read
 * that starts right at the end could miss a record of the window that is still being written; one poll
 * interval of Lambda (a second) is far beyond that moment.
 */
export const WINDOW_CLOSE_GRACE_MS = 1_000;

/**
 * A window in epoch milliseconds: `start` inclusive, `end` exclusive.
 *
 * @example
 * const bounds: WindowBounds = { start: 1_607_497_440_000, end: 1_607_497_560_000 };
 */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/**
 * The window a record arrived in. Windows are aligned on the epoch (boundaries at multiples of the
 * window's length), so every shard agrees on them, as Lambda's do.
 *
 * @example
 * windowOf(new Date('2020-12-09T07:05:35Z'), 120_000); // 07:04:00 to 07:06:00
 */
export function windowOf(arrival: Date, windowMs: number): WindowBounds {
  const start = Math.floor(arrival.getTime() / windowMs) * windowMs;
  return { start, end: start + windowMs };
}

/**
 * The window as Lambda writes it into the event: ISO 8601 in UTC, whole seconds without a fraction.
 *
 * @example
 * formatWindow({ start: 1_607_497_440_000, end: 1_607_497_560_000 });
 * // { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' }
 */
export function formatWindow(bounds: WindowBounds): { start: string; end: string } {
  return { start: isoSeconds(bounds.start), end: isoSeconds(bounds.end) };
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * How many records from the front of `records` are in the same window as the first: a batch stops
 * there, so that it never mixes windows.
 *
 * @example
 * sameWindowLength(buffer, 30_000); // 12 when the 13th record arrived in the next window
 */
export function sameWindowLength(records: ReadonlyArray<Pick<ShardRecord, 'approximateArrivalTimestamp'>>, windowMs: number): number {
  if (records.length === 0) return 0;
  const { start } = windowOf(records[0].approximateArrivalTimestamp, windowMs);
  let count = 1;
  while (count < records.length && windowOf(records[count].approximateArrivalTimestamp, windowMs).start === start) count++;
  return count;
}

/**
 * Why an open window closes now, or `undefined` while it stays open:
 * - `next-window`: the shard's next record to deliver is in another window;
 * - `time`: the window's end has passed and a read that started after it (and the grace) found the
 *   shard caught up, so no record of the window can come any more;
 * - `shard-end`: the shard is closed and read to its end (Lambda closes the window; children start fresh).
 *
 * @param next the next record of the shard still to be delivered, if any
 * @param caughtUpReadStartedAt start time of the latest read that found nothing new at the shard's tip
 * @example
 * windowCloseReason(open, undefined, { shardEnded: false, caughtUpReadStartedAt: Date.now() }); // 'time' once the window is over
 */
export function windowCloseReason(
  window: WindowBounds,
  next: Pick<ShardRecord, 'approximateArrivalTimestamp'> | undefined,
  shard: { readonly shardEnded: boolean; readonly caughtUpReadStartedAt?: number },
  windowMs: number,
): 'next-window' | 'time' | 'shard-end' | undefined {
  if (next !== undefined) return windowOf(next.approximateArrivalTimestamp, windowMs).start !== window.start ? 'next-window' : undefined;
  if (shard.caughtUpReadStartedAt !== undefined && shard.caughtUpReadStartedAt >= window.end + WINDOW_CLOSE_GRACE_MS) return 'time';
  if (shard.shardEnded) return 'shard-end';
  return undefined;
}

/**
 * What a response's `state` is worth on a mapping with a tumbling window.
 * - `state`: a JSON object, as Lambda will store it (a copy, never the handler's own object), and its size.
 * - `missing`: no `state` at all; Lambda counts the invocation as failed.
 * - `invalid`: a `state` that is not a JSON object; read as a failed invocation too.
 *
 * @example
 * const reading: WindowStateReading = readWindowState({ state: { sum: 3 } }); // { kind: 'state', state: { sum: 3 }, bytes: 9 }
 */
export type WindowStateReading =
  | { readonly kind: 'state'; readonly state: Record<string, unknown>; readonly bytes: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads the `state` of a handler's response the way Lambda does: serialized to JSON and back, so a
 * handler that keeps and later changes its object cannot change what the next invocation receives.
 * Lambda documents only that a response without `state` fails the invocation; a state that is not a
 * JSON object (null, an array, a number) is read as a failure as well, the reading that cannot lose
 * records.
 *
 * @example
 * readWindowState({ batchItemFailures: [] }); // { kind: 'missing' }
 */
export function readWindowState(response: unknown): WindowStateReading {
  const state = response !== null && typeof response === 'object' ? (response as { state?: unknown }).state : undefined;
  if (state === undefined) return { kind: 'missing' };
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    return { kind: 'invalid', reason: `state is ${state === null ? 'null' : Array.isArray(state) ? 'an array' : `a ${typeof state}`}, not a JSON object` };
  }
  let json: string;
  try {
    json = JSON.stringify(state);
  } catch (error) {
    return { kind: 'invalid', reason: `state cannot be serialized to JSON (${(error as Error).message})` };
  }
  return { kind: 'state', state: JSON.parse(json) as Record<string, unknown>, bytes: Buffer.byteLength(json, 'utf8') };
}

/**
 * The window a shard is aggregating, and the state its last successful invocation returned.
 *
 * @example
 * const window = new OpenWindow(windowOf(batch[0].approximateArrivalTimestamp, 30_000));
 */
export class OpenWindow {
  /** What the next invocation of the window receives: `{}` at the start and after an early termination. */
  state: Record<string, unknown> = {};
  /** Size of `state` as JSON. */
  stateBytes = 2;
  /** Whether the function was invoked for the window at all: a window whose records were all discarded unseen gets no final invocation. */
  invoked = false;

  constructor(readonly bounds: WindowBounds) {}

  /** Keeps the state of a response Lambda accepted. */
  accept(reading: { readonly state: Record<string, unknown>; readonly bytes: number }): void {
    this.state = reading.state;
    this.stateBytes = reading.bytes;
  }

  /** Starts the same window again with a fresh state, as Lambda does after terminating it early. */
  reset(): void {
    this.state = {};
    this.stateBytes = 2;
  }

  /** Over Lambda's 1 MB: the window is terminated early. */
  get stateTooLarge(): boolean {
    return this.stateBytes > MAX_WINDOW_STATE_BYTES;
  }
}
