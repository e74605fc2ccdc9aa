import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './cli-harness';

/**
 * A newcomer's project: its tsconfig includes only `src` (with experimentalDecorators), and the
 * handler is saved at the project's root, outside that `include`, next to the payload class it
 * imports. tsx alone would compile both with standard decorators; the CLI must not.
 */
const handlerSource = `
import 'reflect-metadata';
import { createHandler, OnPartitionKey, OnRecord, StreamHandler } from 'shardline';
import { OrderCreated } from './payloads';

@StreamHandler()
class Orders {
  @OnRecord(OrderCreated)
  created(order: OrderCreated) {
    if (!(order instanceof OrderCreated)) throw new Error('not transformed');
  }

  @OnPartitionKey(/^audit-/)
  audit() {}
}

export const handler = createHandler([Orders]);
`;

const payloadsSource = `
import { IsString } from 'class-validator';
import { PayloadType } from 'shardline';

@PayloadType('order.created')
export class OrderCreated {
  @IsString() orderId!: string;
}
`;

const records = [
  { partitionKey: 'c-1', data: { type: 'order.created', orderId: 'o-1' } },
  { partitionKey: 'audit-1', data: { type: 'audit' } },
  { partitionKey: 'c-2', data: { type: 'order.created', orderId: 42 } },
];

describe('shardline invoke with a module outside its tsconfig include', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shardline-include-'));
    // The project resolves its packages from the repository: reflect-metadata, class-validator, and shardline by `paths`.
    const project = join(dir, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    writeFileSync(
      join(project, 'tsconfig.json'),
      `{
        // only src: handler.ts and payloads.ts are outside
        "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "experimentalDecorators": true,
          "baseUrl": ".", "paths": { "shardline": [${JSON.stringify(join(ROOT, 'src/index.ts'))}] } },
        "include": ["src"]
      }`,
    );
    writeFileSync(join(project, 'handler.ts'), handlerSource);
    writeFileSync(join(project, 'payloads.ts'), payloadsSource);
    writeFileSync(join(dir, 'records.jsonl'), records.map((line) => JSON.stringify(line)).join('\n'));
    // A module with no tsconfig above it at all: the working directory's (the repository's) applies, as in tsx.
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    writeFileSync(join(scratch, 'handler.ts'), handlerSource);
    writeFileSync(join(scratch, 'payloads.ts'), payloadsSource);
    mkdirSync(join(dir, 'tmp'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.concurrent.each([
    ['the nearest tsconfig does not include it', 'project'],
    ['no tsconfig is above it', 'scratch'],
  ])('loads it with experimentalDecorators when %s', async (_case, folder) => {
    // Act
    const result = await runCli(['invoke', join(dir, folder, 'handler.ts'), '--records', join(dir, 'records.jsonl'), '--json']);

    // Assert: decorated routes and a validated payload class, so every decorator ran as a legacy one.
    expect(result.stderr).not.toMatch(/loading .* failed/);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout) as { records: unknown[] };
    expect(output.records).toMatchObject([
      { route: 'Orders.created', status: 'succeeded' },
      { route: 'Orders.audit', status: 'succeeded' },
      { status: 'failed', error: { name: 'RecordValidationError' } },
    ]);
  });

  it('leaves no generated tsconfig behind', async () => {
    // Act
    const result = await runCli(['routes', join(dir, 'project', 'handler.ts')], { env: { TMPDIR: join(dir, 'tmp') } });

    // Assert
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, 'tmp')).filter((name) => name.startsWith('shardline-'))).toEqual([]);
  });
});
