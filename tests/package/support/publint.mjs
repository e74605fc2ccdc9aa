// publint on a packed tarball, through its API: prints every message (suggestions included) as one
// JSON array of readable strings, so the test can require an empty one.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const bytes = readFileSync(process.argv[2]);
const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion' });
process.stdout.write(`${JSON.stringify(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`))}\n`);
