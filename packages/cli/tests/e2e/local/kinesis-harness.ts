import { readFileSync } from 'node:fs';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createKinesisClient, createStream, putRecords, startLocalKinesis, type LocalKinesis, type PutRecordResult } from '../../../src';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** One kinesis-local per test file: start it in beforeAll, stop it in afterAll. */
export interface Harness {
  local: LocalKinesis;
  client: KinesisClient;
}

export async function startHarness(): Promise<Harness> {
  const local = await startLocalKinesis();
  return { local, client: createKinesisClient({ endpoint: local.endpoint }) };
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  harness?.client.destroy();
  await harness?.local.stop();
}

let streamCounter = 0;

/** A fresh stream per test, so tests never see each other's records. */
export async function freshStream(harness: Harness, shards: number): Promise<string> {
  const name = `s${process.pid}-${++streamCounter}-${Date.now() % 100_000}`;
  await createStream(harness.client, name, shards);
  return name;
}

export interface PutRecordInfo extends PutRecordResult {
  partitionKey: string;
  id: number;
}

/** Puts `count` JSON records `{ id }` over `keys` partition keys; returns where each landed. */
export async function putNumbered(harness: Harness, streamName: string, count: number, keys: number): Promise<PutRecordInfo[]> {
  const input = Array.from({ length: count }, (_, id) => ({ partitionKey: `key-${id % keys}`, data: JSON.stringify({ id }) }));
  const results = await putRecords(harness.client, streamName, input);
  return results.map((result, id) => ({ ...result, partitionKey: input[id].partitionKey, id }));
}

export function decodeId(data: string): number {
  return (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: number }).id;
}

/**
 * Whether a process still runs. A zombie does not: where PID 1 never reaps orphans (some
 * containers), an emulator that exited after its owner died stays a zombie forever.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Whether a process is an unreaped zombie: its owner never waited for it. */
export function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
