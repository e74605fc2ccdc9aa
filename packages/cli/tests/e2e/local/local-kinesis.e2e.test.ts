import { spawn } from 'node:child_process';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient, describeStream, EndpointUnreachableError, findFreePort, startLocalKinesis } from '../../../src';
import { isAlive, sleep } from './kinesis-harness';

describe('startLocalKinesis', () => {
  it('serves the requested streams ACTIVE and leaves no process once stopped', async () => {
    // Prepare
    const local = await startLocalKinesis({ streams: [{ name: 'orders', shards: 4 }] });
    const client = createKinesisClient({ endpoint: local.endpoint });

    // Act
    let info;
    try {
      info = await describeStream(client, 'orders');
    } finally {
      client.destroy();
      await local.stop();
    }

    // Assert
    expect(info).toMatchObject({ status: 'ACTIVE', openShardCount: 4, streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/orders' });
    expect(isAlive(local.pid)).toBe(false);
  });

  it('does not outlive an owner that is killed without stopping it', async () => {
    // Prepare: one node process (tsx as a require hook, not the tsx CLI, which would add a process in
    // between) starts the emulator, prints its pid, and stays alive until it is SIGKILLed.
    const script = `setInterval(() => {}, 1000); require(${JSON.stringify(require.resolve('../../../src/local/local-kinesis'))}).startLocalKinesis().then((l) => console.log('PID ' + l.pid))`;
    const owner = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let pid = 0;
    try {
      pid = await new Promise<number>((resolve, reject) => {
        owner.stdout.on('data', (chunk: Buffer) => {
          const match = /PID (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
        owner.once('exit', () => reject(new Error('the owner exited before printing the pid')));
      });
      expect(isAlive(pid)).toBe(true);

      // Act
      owner.kill('SIGKILL');
      const deadline = Date.now() + 5_000;
      while (isAlive(pid) && Date.now() < deadline) await sleep(50);

      // Assert
      expect(isAlive(pid)).toBe(false);
    } finally {
      owner.kill('SIGKILL');
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('rejects a stream name that the emulator could not parse', async () => {
    await expect(startLocalKinesis({ streams: [{ name: 'a,b' }] })).rejects.toThrow('invalid stream name "a,b"');
  });
});

describe('createKinesisClient', () => {
  it('fails fast with EndpointUnreachableError when nothing listens on the endpoint', async () => {
    // Prepare
    const endpoint = `http://127.0.0.1:${await findFreePort()}`;
    const client = createKinesisClient({ endpoint, maxAttempts: 1 });
    const started = Date.now();

    // Act
    const result = describeStream(client, 'orders', endpoint);

    // Assert
    await expect(result).rejects.toThrow(EndpointUnreachableError);
    await expect(result).rejects.toThrow(`cannot reach the Kinesis endpoint ${endpoint}`);
    expect(Date.now() - started).toBeLessThan(5_000);
    client.destroy();
  });

  it('talks to the emulator over plain HTTP with dummy credentials', async () => {
    // Prepare
    const local = await startLocalKinesis();
    const client = createKinesisClient({ endpoint: local.endpoint });

    // Act
    let streams;
    try {
      streams = await client.send(new ListStreamsCommand({}));
    } finally {
      client.destroy();
      await local.stop();
    }

    // Assert
    expect(streams.StreamNames).toEqual([]);
  });
});
