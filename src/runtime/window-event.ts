/**
 * The tumbling-window part of an event, read once per event: `undefined` for the events of a
 * mapping without a window (one property read is all they cost), else the window, its state and
 * its flags, checked.
 */
import { InvalidEventError } from '../errors.js';
import { describeValue, type Batch } from '../records/batch.js';
import type { WindowState } from '../types.js';
import type { WindowInfo } from './window/window-context.js';

/** The window of an event, and the state Lambda holds for it. */
export interface WindowEvent extends WindowInfo {
  /** The state the previous invocation of the window returned: `{}` when the window opens (or the event has none). */
  readonly state: WindowState;
}

const EMPTY: WindowState = Object.freeze({});

/**
 * Reads the window of `event`, whose records `batch` holds.
 *
 * @throws InvalidEventError when `window` is there but is not `{ start, end }` with two strings, or
 *   `state` is there but is not a JSON object: what to hand back to Lambda could not be known.
 * @example
 * readWindowEvent(kinesisEvent([]), batch); // undefined
 * readWindowEvent(windowEvent, batch)?.final; // false
 */
export function readWindowEvent(event: unknown, batch: Batch): WindowEvent | undefined {
  const fields = event as {
    window?: unknown;
    state?: unknown;
    shardId?: unknown;
    eventSourceARN?: unknown;
    isFinalInvokeForWindow?: unknown;
    isWindowTerminatedEarly?: unknown;
  };
  const window = fields.window;
  if (window === undefined) return undefined;
  const { start, end } = (typeof window === 'object' && window !== null ? window : {}) as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string') throw invalid('window', '{ start, end } with two ISO 8601 strings', window);
  const state = fields.state ?? EMPTY;
  if (typeof state !== 'object' || Array.isArray(state)) throw invalid('state', 'a JSON object', state);
  const first = batch.records.length > 0 ? batch.records[0] : undefined;
  return {
    start,
    end,
    shardId: asString(fields.shardId) ?? shardOf(first?.eventID),
    eventSourceARN: asString(fields.eventSourceARN) ?? asString(first?.eventSourceARN) ?? '',
    final: fields.isFinalInvokeForWindow === true,
    terminatedEarly: fields.isWindowTerminatedEarly === true,
    state: state as WindowState,
  };
}

function invalid(part: string, expected: string, value: unknown): InvalidEventError {
  return new InvalidEventError(`expected the ${part} of a tumbling-window event to be ${expected}, but got ${describeValue(value)}`);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `shardId-000000000006` from an eventID `shardId-000000000006:4959...`; `''` without one. */
function shardOf(eventID: unknown): string {
  if (typeof eventID !== 'string') return '';
  const colon = eventID.indexOf(':');
  return colon === -1 ? '' : eventID.slice(0, colon);
}
