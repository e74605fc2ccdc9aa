import { basename, extname } from 'node:path';
import { interpretBatchResponse } from '../local/batch-response.js';
import { buildKinesisEvent, createLambdaContext } from '../local/lambda-event.js';
import type { KinesisStreamEvent, LambdaContext } from '../local/types.js';
import type { InvokeArgs } from './args.js';
import { parseKinesisEventFile } from './event-file.js';
import { loadHandler } from './load-module.js';
import { shortSequence, table, toJson, type Io } from './output.js';
import { parseRecordLines, readInputFile } from './records-file.js';

/** What `handler.processBatch` reports per record (a shardline handler only). */
interface RecordReportView {
  sequenceNumber: string;
  subSequenceNumber?: number;
  partitionKey: string;
  route?: string;
  status: string;
  error?: unknown;
}

type ProcessBatch = (event: KinesisStreamEvent, context: LambdaContext) => Promise<{ response: unknown; records: RecordReportView[] }>;

/** Sequence numbers of events built from a records file: realistic 56-digit, ascending, not consecutive. */
const FIRST_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;
const SEQUENCE_STEP = 1_000_000_000n;

/**
 * `shardline invoke <module>`: one local invocation; prints the response and, for a shardline
 * handler, each record's route and outcome. Exits 1 when the invocation failed or reported failures.
 *
 * @example
 * await invokeCommand({ module: 'src/handler.ts', exportName: 'handler', eventFile: 'event.json', json: false,
 *   timeoutSeconds: 3, stream: 'local-stream', region: 'us-east-1' }, processIo);
 */
export async function invokeCommand(args: InvokeArgs, io: Io): Promise<number> {
  const event = args.eventFile !== undefined ? parseKinesisEventFile(readInputFile(args.eventFile), args.eventFile) : eventFromRecords(args);
  const handler = loadHandler(args.module, args.exportName);
  const functionName = basename(args.module, extname(args.module));
  const { context, legacyResult } = createLambdaContext(
    { functionName, region: args.region, accountId: '000000000000' },
    Date.now() + args.timeoutSeconds * 1000,
  );
  const started = Date.now();

  // A handler that calls process.exit would end the CLI with its exit code, 0 included, as if the
  // invocation had succeeded. In Lambda it is a failed invocation (Runtime.ExitError): say so.
  const onExit = (code: number) => {
    const message = `the handler called process.exit (exit code ${code}) before the invocation ended; in Lambda that fails the invocation (Runtime.ExitError) and the whole batch is retried`;
    if (args.json) io.out(toJson({ ok: false, durationMs: Date.now() - started, error: { name: 'ProcessExitError', message } }));
    io.err(`invocation failed (${Date.now() - started} ms): ${message}`);
    // Honoured: Node exits with process.exitCode as it stands after the 'exit' listeners.
    process.exitCode = 1;
  };
  process.once('exit', onExit);
  let outcome: Outcome<Invocation>;
  try {
    outcome = await withTimeout(() => invokeOnce(handler, event, context, legacyResult), args.timeoutSeconds * 1000);
  } finally {
    process.off('exit', onExit);
  }
  const durationMs = Date.now() - started;

  if (outcome.kind !== 'returned') {
    const message = outcome.kind === 'timeout' ? `Task timed out after ${args.timeoutSeconds.toFixed(2)} seconds` : describeError(outcome.error);
    if (args.json) io.out(toJson({ ok: false, durationMs, error: outcome.kind === 'timeout' ? { name: 'TimeoutError', message } : outcome.error }));
    io.err(`invocation failed (${durationMs} ms): ${message}`);
    if (outcome.kind === 'threw' && outcome.error instanceof Error && outcome.error.stack) io.err(indentStack(outcome.error.stack));
    return 1;
  }

  const { response, records } = outcome.value;
  const reading = interpretBatchResponse(
    response,
    event.Records.map((record) => record.kinesis.sequenceNumber),
  );
  const ok = reading.kind === 'success';
  if (args.json) {
    io.out(toJson({ ok, durationMs, response: response ?? null, lambda: reading, records }));
    return ok ? 0 : 1;
  }
  if (records !== undefined) {
    io.out(
      table([
        ['SEQUENCE', 'PARTITION KEY', 'ROUTE', 'STATUS', 'ERROR'],
        ...records.map((record) => [
          `${shortSequence(record.sequenceNumber)}${record.subSequenceNumber !== undefined ? `/${record.subSequenceNumber}` : ''}`,
          record.partitionKey,
          record.route ?? '-',
          record.status,
          record.error !== undefined ? describeError(record.error) : '',
        ]),
      ]),
    );
  }
  io.out(`response (${durationMs} ms): ${JSON.stringify(response ?? null)}`);
  io.out(`Lambda reads it as: ${readingText(reading, event)}`);
  return ok ? 0 : 1;
}

type Invocation = { response: unknown; records?: RecordReportView[] };

/** One call of the handler, whatever its style: a shardline handler, async, synchronous or callback. */
async function invokeOnce(
  handler: (...args: unknown[]) => unknown,
  event: KinesisStreamEvent,
  context: LambdaContext,
  legacyResult: Promise<unknown>,
): Promise<Invocation> {
  const processBatch = (handler as { processBatch?: unknown }).processBatch;
  if (typeof processBatch === 'function') return await (processBatch as ProcessBatch)(event, context);
  let answer: (outcome: { error?: unknown; result?: unknown }) => void = () => undefined;
  const viaCallback = new Promise<{ error?: unknown; result?: unknown }>((resolve) => (answer = resolve));
  const returned = handler(event, context, (error?: unknown, result?: unknown) => answer({ error, result }));
  if (isThenable(returned)) return { response: await returned };
  if (handler.length < 3) return { response: returned };
  // A callback-style handler answers through the callback, or through the legacy context methods.
  const answered = await Promise.race([viaCallback, legacyResult.then((result): { error?: unknown; result?: unknown } => ({ result }))]);
  // Lambda fails the invocation on any truthy error, `callback('boom')` included.
  if (answered.error) throw toError(answered.error);
  return { response: answered.result };
}

function eventFromRecords(args: InvokeArgs): KinesisStreamEvent {
  const lines = parseRecordLines(readInputFile(args.recordsFile!), args.recordsFile!);
  const now = new Date();
  return buildKinesisEvent(
    lines.map((line, i) => ({
      partitionKey: line.partitionKey,
      sequenceNumber: (FIRST_SEQUENCE_NUMBER + BigInt(i) * SEQUENCE_STEP).toString(),
      data: line.data,
      approximateArrivalTimestamp: now,
    })),
    {
      shardId: 'shardId-000000000000',
      streamArn: `arn:aws:kinesis:${args.region}:000000000000:stream/${args.stream}`,
      region: args.region,
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/shardline-local',
    },
  );
}

function readingText(reading: ReturnType<typeof interpretBatchResponse>, event: KinesisStreamEvent): string {
  switch (reading.kind) {
    case 'success':
      return `complete success: all ${event.Records.length} record(s) checkpointed`;
    case 'partial':
      return `partial failure: checkpoint at the lowest reported sequence number ${reading.sequenceNumber}; ${event.Records.length - reading.redeliveredCount} record(s) checkpointed, ${reading.redeliveredCount} redelivered (every record from that sequence number on)`;
    case 'invalid-response':
      return `invalid response, the whole batch is retried: ${reading.reason}`;
  }
}

type Outcome<T> = { kind: 'returned'; value: T } | { kind: 'threw'; error: unknown } | { kind: 'timeout' };

async function withTimeout<T>(work: () => Promise<T>, timeoutMs: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      work().then(
        (value): Outcome<T> => ({ kind: 'returned', value }),
        (error): Outcome<T> => ({ kind: 'threw', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The value a callback handler failed with, as an Error (the value itself stays as its `cause`). */
function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : `the handler's callback failed with a ${typeof value}, not an Error`, { cause: value });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function indentStack(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trim().startsWith('at '))
    .slice(0, 8)
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}
