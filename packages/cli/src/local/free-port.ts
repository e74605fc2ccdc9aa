/** Finds a free loopback port and waits until something listens on one: how the embedded emulator is started and awaited. */
import * as net from 'node:net';

/**
 * Asks the OS for a free TCP port on loopback.
 *
 * The port is released before this resolves, so another process could take it first; callers that
 * bind it later must be ready to retry.
 *
 * @example
 * const port = await findFreePort();
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves when a TCP connection to `host:port` succeeds, rejects after `timeoutMs`.
 *
 * @example
 * await waitForPort(4568, '127.0.0.1', 10_000);
 */
export async function waitForPort(port: number, host: string, timeoutMs: number, isAborted: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(port, host, Math.max(100, Math.min(1_000, deadline - Date.now())))) return;
    if (isAborted()) throw new Error('aborted while waiting for the port');
    if (Date.now() >= deadline) throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function canConnect(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
