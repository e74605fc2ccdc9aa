/** Starts the embedded Kinesis emulator (kinesis-local) as a child process, creates the requested streams, and never lets it outlive its owner. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { LocalKinesisStartError } from './errors.js';
import { findFreePort, waitForPort } from './free-port.js';
import { createKinesisClient } from './kinesis-client.js';
import { waitForStreamActive } from './stream-admin.js';

/**
 * A stream to create when the emulator starts.
 *
 * @example
 * const spec: LocalStreamSpec = { name: 'orders', shards: 4 };
 */
export interface LocalStreamSpec {
  name: string;
  /** Shard count, default 1. */
  shards?: number;
}

/**
 * Options of {@link startLocalKinesis}.
 *
 * @example
 * const options: StartLocalKinesisOptions = { streams: [{ name: 'orders', shards: 4 }], startTimeoutMs: 60_000 };
 */
export interface StartLocalKinesisOptions {
  /** Streams created at start; `startLocalKinesis` resolves once they are ACTIVE. */
  streams?: ReadonlyArray<LocalStreamSpec>;
  /** Region of the emulated account. Default `us-east-1`. */
  region?: string;
  /** Milliseconds to wait for the emulator to serve requests. Default 30,000. */
  startTimeoutMs?: number;
  /** Aborting stops a start in progress and kills the process; it has no effect once started. */
  signal?: AbortSignal;
}

/**
 * A running kinesis-local process.
 *
 * @example
 * const local: LocalKinesis = await startLocalKinesis();
 * afterAll(() => local.stop());
 */
export interface LocalKinesis {
  /** Plain-HTTP endpoint on loopback, for `createKinesisClient({ endpoint })`. */
  readonly endpoint: string;
  readonly region: string;
  /** Account id the emulator namespaces streams under. */
  readonly accountId: string;
  /** Process id of the emulator itself (not a shell). */
  readonly pid: number;
  /** Kills the emulator (SIGKILL: it ignores SIGTERM) and resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const OUTPUT_TAIL = 4_000;
/**
 * Makes the emulator exit when its parent dies without stopping it (SIGKILL, a crashed Jest worker):
 * the IPC channel closes and the child follows. A data URL keeps it free of files that differ
 * between the TypeScript sources and the build.
 */
const PARENT_WATCHDOG = 'data:text/javascript,process.on("disconnect",()=>process.exit(0))';

/**
 * Starts kinesis-local (kinesis-mock for Node) on free loopback ports and waits until it serves
 * requests and the requested streams are ACTIVE.
 *
 * The process is killed on `stop()`, on `signal`, when this process exits, and when this process dies
 * abruptly, so no emulator outlives its owner.
 *
 * @example
 * const local = await startLocalKinesis({ streams: [{ name: 'orders', shards: 4 }] });
 * try {
 *   const kinesis = createKinesisClient({ endpoint: local.endpoint });
 *   // ...
 * } finally {
 *   await local.stop();
 * }
 */
export async function startLocalKinesis(options: StartLocalKinesisOptions = {}): Promise<LocalKinesis> {
  const streams = options.streams ?? [];
  for (const stream of streams) {
    if (!STREAM_NAME.test(stream.name)) {
      throw new LocalKinesisStartError(`invalid stream name "${stream.name}": use 1-128 letters, digits, '_', '.' or '-'`);
    }
    if (stream.shards !== undefined && !(Number.isInteger(stream.shards) && stream.shards >= 1 && stream.shards <= 50)) {
      throw new LocalKinesisStartError(`invalid shard count ${stream.shards} for stream "${stream.name}": use 1 to 50`);
    }
  }
  // A free port can be taken by someone else between our probe and the emulator's bind: retry.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, streams);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortRaceError)) throw error;
    }
  }
  throw lastError;
}

class PortRaceError extends LocalKinesisStartError {}

async function startOnce(options: StartLocalKinesisOptions, streams: ReadonlyArray<LocalStreamSpec>): Promise<LocalKinesis> {
  const region = options.region ?? 'us-east-1';
  const accountId = '000000000000';
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const plainPort = await findFreePort();
  const tlsPort = await findFreePort();
  const endpoint = `http://127.0.0.1:${plainPort}`;

  const child = spawn(process.execPath, ['--import', PARENT_WATCHDOG, require.resolve('kinesis-local/main.js')], {
    env: {
      ...withoutKey(process.env, 'INITIALIZE_STREAMS'),
      KINESIS_MOCK_CERT_PATH: require.resolve('kinesis-local/server.json'),
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      AWS_REGION: region,
      AWS_ACCOUNT_ID: accountId,
      // An empty value is a configuration error for the emulator: leave it out instead.
      ...(streams.length > 0 ? { INITIALIZE_STREAMS: streams.map((s) => `${s.name}:${s.shards ?? 1}:${region}`).join(',') } : {}),
      CREATE_STREAM_DURATION: '0ms',
      DELETE_STREAM_DURATION: '0ms',
      UPDATE_SHARD_COUNT_DURATION: '0ms',
      SPLIT_SHARD_DURATION: '0ms',
      MERGE_SHARDS_DURATION: '0ms',
      SHOULD_PERSIST_DATA: 'false',
      LOG_LEVEL: 'ERROR',
      ROOT_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: a terminal's Ctrl-C must reach only us, so we stop in order and kill it last.
    detached: true,
  });
  const handle = new ProcessHandle(child);
  const onAbort = () => void handle.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (child.pid === undefined) {
      throw new LocalKinesisStartError('could not spawn kinesis-local', { cause: await handle.spawnError });
    }
    await Promise.race([
      waitUntilServing(endpoint, region, streams, startTimeoutMs, () => handle.exited || options.signal?.aborted === true),
      handle.exit.then(() => {
        const output = handle.output();
        const message = `kinesis-local exited during start-up${output ? `:\n${output}` : ''}`;
        throw /EADDRINUSE|address already in use/i.test(output) ? new PortRaceError(message) : new LocalKinesisStartError(message);
      }),
    ]);
    if (options.signal?.aborted) throw new LocalKinesisStartError('start of kinesis-local aborted');
  } catch (error) {
    await handle.stop();
    options.signal?.removeEventListener('abort', onAbort);
    if (error instanceof LocalKinesisStartError) throw error;
    throw new LocalKinesisStartError(`kinesis-local did not become ready on ${endpoint}: ${(error as Error).message}`, { cause: error });
  }
  // The signal aborts the start only: once started, the owner decides when to stop (after its own clean-up).
  options.signal?.removeEventListener('abort', onAbort);
  return {
    endpoint,
    region,
    accountId,
    pid: child.pid,
    stop: () => handle.stop(),
  };
}

async function waitUntilServing(
  endpoint: string,
  region: string,
  streams: ReadonlyArray<LocalStreamSpec>,
  timeoutMs: number,
  isAborted: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = Number(new URL(endpoint).port);
  await waitForPort(port, '127.0.0.1', timeoutMs, isAborted);
  const client = createKinesisClient({ endpoint, region, maxAttempts: 1, connectionTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
  try {
    for (;;) {
      try {
        await client.send(new ListStreamsCommand({}));
        break;
      } catch (error) {
        if (isAborted()) throw error;
        if (Date.now() >= deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const stream of streams) {
      await waitForStreamActive(client, stream.name, Math.max(1_000, deadline - Date.now()));
    }
  } finally {
    client.destroy();
  }
}

/** Owns one child process: its output tail, its exit, and a kill that cannot be forgotten. */
class ProcessHandle {
  readonly exit: Promise<void>;
  readonly spawnError: Promise<Error | undefined>;
  exited = false;
  private tail = '';
  private readonly onProcessExit = () => {
    if (!this.exited) this.child.kill('SIGKILL');
  };

  constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // The IPC channel exists only for the watchdog: it must not keep this process alive.
    child.channel?.unref();
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    let settleSpawnError: (error: Error | undefined) => void = () => undefined;
    this.spawnError = new Promise((resolve) => (settleSpawnError = resolve));
    child.once('error', (error) => settleSpawnError(error));
    child.once('spawn', () => settleSpawnError(undefined));
    this.exit = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        process.removeListener('exit', this.onProcessExit);
        resolve();
      });
      child.once('error', () => {
        if (child.pid === undefined) {
          this.exited = true;
          process.removeListener('exit', this.onProcessExit);
          resolve();
        }
      });
    });
    process.on('exit', this.onProcessExit);
  }

  output(): string {
    return this.tail.trim();
  }

  async stop(): Promise<void> {
    if (!this.exited && this.child.pid !== undefined) {
      // Unreferenced, the child would not keep the event loop alive until its exit is seen, and an
      // owner that ends meanwhile leaves an unreaped zombie behind.
      this.child.ref();
      this.child.kill('SIGKILL');
    }
    await this.exit;
  }
}

function withoutKey(env: NodeJS.ProcessEnv, key: string): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[key];
  return copy;
}
