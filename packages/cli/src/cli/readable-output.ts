/**
 * Under `shardline dev`, the handler's batch lines and EMF metric documents are made readable on
 * their way to stdout; every other line the handler writes passes through as written.
 */
import { StringDecoder } from 'node:string_decoder';

type Json = Record<string, unknown>;

/**
 * The readable form of a line the handler wrote: a `batch processed` line as one summary line, an
 * EMF document as one line per metric. `undefined` for any other line, which is then left as it is.
 *
 * @example
 * formatLine('{"_aws":{...,"CloudWatchMetrics":[{"Namespace":"Test","Dimensions":[["Route","Outcome"]],"Metrics":[{"Name":"Records","Unit":"Count"}]}]},"Route":"Orders.created","Outcome":"failed","Records":2}');
 * // 'metric Records{Route=Orders.created,Outcome=failed} = 2'
 */
export function formatLine(line: string): string | undefined {
  // Most lines a handler writes are not JSON: they are told apart before any parsing.
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (isObject(value._aws)) return formatEmf(value);
  if (value.message === 'batch processed' && typeof value.records === 'number') return formatBatch(value);
  return undefined;
}

/**
 * Makes the handler's stdout readable until the returned function is called, which flushes an
 * unfinished line and restores `process.stdout.write`. Lines are only held back when they start
 * with `{`, so a handler's own partial lines (a progress dot) still appear as they are written.
 *
 * @example
 * const restore = readableHandlerOutput();
 * try { await runTheHandler(); } finally { restore(); }
 */
export function readableHandlerOutput(): () => void {
  const stdout = process.stdout;
  // The very function is put back on restore, so it is kept unbound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = stdout.write;
  const write = original.bind(stdout) as (text: string, callback?: (error?: Error | null) => void) => boolean;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let midLine = false;

  const filter = (text: string): string => {
    let out = '';
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline + 1;
      const piece = text.slice(start, end);
      start = end;
      if (midLine || (pending === '' && !piece.startsWith('{'))) {
        out += piece;
        midLine = newline === -1;
        continue;
      }
      pending += piece;
      if (newline !== -1) {
        const line = pending.slice(0, -1);
        pending = '';
        const readable = formatLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        out += readable === undefined ? `${line}\n` : `${readable}\n`;
      }
    }
    return out;
  };

  stdout.write = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
    const out = filter(text);
    if (out === '') {
      if (done !== undefined) process.nextTick(done);
      return true;
    }
    return write(out, done);
  };

  return () => {
    stdout.write = original;
    const rest = pending + decoder.end();
    pending = '';
    if (rest !== '') write(rest);
  };
}

/** `shardId-000000000000  batch  100 records  98 succeeded, 2 failed (Orders.created: 2 failed)  41 ms  oldest 1.2 s` */
function formatBatch(line: Json): string {
  const parts: string[] = [];
  if (typeof line.shardId === 'string') parts.push(line.shardId);
  parts.push('batch', `${String(line.records)} record${line.records === 1 ? '' : 's'}`);
  if (isObject(line.outcomes)) {
    const outcomes = counts(line.outcomes);
    const trouble = isObject(line.routes)
      ? Object.entries(line.routes)
          .filter((entry): entry is [string, Json] => isObject(entry[1]))
          .map(([route, byOutcome]) => [route, counts(byOutcome, (outcome) => outcome !== 'succeeded' && outcome !== 'skipped')] as const)
          .filter(([, text]) => text !== '')
          .map(([route, text]) => `${route}: ${text}`)
      : [];
    if (outcomes !== '') parts.push(trouble.length > 0 ? `${outcomes} (${trouble.join('; ')})` : outcomes);
  }
  if (typeof line.durationMs === 'number') parts.push(milliseconds(line.durationMs));
  if (typeof line.oldestRecordAgeMs === 'number') parts.push(`oldest ${age(line.oldestRecordAgeMs)}`);
  if (line.deadlineReached === true) parts.push('deadline reached');
  return parts.join('  ');
}

/** `98 succeeded, 2 failed` */
function counts(byOutcome: Json, keep: (outcome: string) => boolean = () => true): string {
  return Object.entries(byOutcome)
    .filter(([outcome, count]) => typeof count === 'number' && count > 0 && keep(outcome))
    .map(([outcome, count]) => `${String(count)} ${outcome}`)
    .join(', ');
}

/** One line per metric of every directive: `metric Records{Route=Orders.created,Outcome=failed} = 2`. */
function formatEmf(document: Json): string | undefined {
  const directives = (document._aws as Json).CloudWatchMetrics;
  if (!Array.isArray(directives)) return undefined;
  const lines: string[] = [];
  for (const directive of directives) {
    if (!isObject(directive) || !Array.isArray(directive.Metrics)) continue;
    const names = Array.isArray(directive.Dimensions) ? [...new Set(directive.Dimensions.flat().filter((n): n is string => typeof n === 'string'))] : [];
    const dimensions = names.length > 0 ? `{${names.map((name) => `${name}=${String(document[name])}`).join(',')}}` : '';
    for (const metric of directive.Metrics) {
      if (!isObject(metric) || typeof metric.Name !== 'string') continue;
      lines.push(`metric ${metric.Name}${dimensions} ${metricValue(document[metric.Name], unitSuffix(metric.Unit))}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** `= 98`, or for several values (a duration per record) `count 100  p50 812 µs  max 3177 µs`. */
function metricValue(value: unknown, unit: string): string {
  if (typeof value === 'number') return `= ${round(value)}${unit}`;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number')) {
    const sorted = [...value].sort((a, b) => a - b);
    const p50 = sorted[Math.ceil(sorted.length / 2) - 1];
    return `count ${sorted.length}  p50 ${round(p50)}${unit}  max ${round(sorted[sorted.length - 1])}${unit}`;
  }
  return `= ${JSON.stringify(value)}`;
}

function unitSuffix(unit: unknown): string {
  if (unit === 'Milliseconds') return ' ms';
  if (unit === 'Microseconds') return ' µs';
  if (unit === 'Seconds') return ' s';
  if (typeof unit !== 'string' || unit === 'Count' || unit === 'None') return '';
  return ` ${unit}`;
}

function milliseconds(ms: number): string {
  return `${round(ms)} ms`;
}

function age(ms: number): string {
  if (ms < 1_000) return milliseconds(ms);
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

// Durations come with sub-millisecond digits that only make a line harder to read.
function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value < 10 ? value.toFixed(1) : String(Math.round(value));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
