import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { DefinitionError, type ShardlineHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';

/**
 * A user module compiled without `experimentalDecorators`, as tsx and esbuild do for a file outside
 * every tsconfig `include`, and as TypeScript 5 does by default: shardline's decorators are then
 * called as TC39 standard decorators, and must say so instead of failing on something unrelated.
 */
type Compiler = (source: string, experimentalDecorators: boolean) => string;

const compilers: Array<[string, Compiler]> = [
  [
    'esbuild',
    (source, experimentalDecorators) =>
      transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022', tsconfigRaw: { compilerOptions: { experimentalDecorators } } }).code,
  ],
  [
    'the TypeScript compiler',
    (source, experimentalDecorators) =>
      ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, experimentalDecorators } }).outputText,
  ],
];

let dir: string;
let modules = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shardline-standard-decorators-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Loads compiled CommonJS code as a module file; its `require('shardline')` gets the package under test. */
async function load(code: string): Promise<Record<string, unknown>> {
  const path = join(dir, `module-${++modules}.js`);
  writeFileSync(path, code);
  return (await import(path)) as Record<string, unknown>;
}

const handlerSource = `
import { createHandler, OnRecord, PayloadType, StreamHandler } from 'shardline';

@PayloadType('order.created')
class OrderCreated {}

@StreamHandler()
class Orders {
  @OnRecord(OrderCreated)
  created() {}
}

export const handler = createHandler([Orders]);
`;

describe.each(compilers)('a handler compiled by %s', (_compiler, compile) => {
  it('works with experimentalDecorators', async () => {
    // Arrange
    const { handler } = (await load(compile(handlerSource, true))) as { handler: ShardlineHandler };

    // Act
    const response = await handler(kinesisEvent([{ data: { type: 'order.created' } }]));

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
  });

  it.each([
    ['@PayloadType', `@PayloadType('order.created') class OrderCreated {}`, '@PayloadType on class OrderCreated:'],
    ['@StreamHandler', `@StreamHandler() class Orders {}`, '@StreamHandler on class Orders:'],
    ['@OnRecord', `class Orders { @OnRecord('order.created') created() {} }`, '@OnRecord on created:'],
    ['@OnPartitionKey', `class Orders { @OnPartitionKey(/^audit-/) audit() {} }`, '@OnPartitionKey on audit:'],
    ['@OnUnmatched', `class Orders { @OnUnmatched() other() {} }`, '@OnUnmatched on other:'],
    ['@OnInvalid', `class Orders { @OnInvalid() quarantine() {} }`, '@OnInvalid on quarantine:'],
    ['@UseInterceptors on a class', `@UseInterceptors((call, next) => next()) class Orders {}`, '@UseInterceptors on class Orders:'],
    ['@UseInterceptors on a method', `class Orders { @UseInterceptors((call, next) => next()) created() {} }`, '@UseInterceptors on created:'],
  ])('without experimentalDecorators, fails at load with a DefinitionError from %s that says what to change', async (_decorator, declaration, where) => {
    // Arrange
    const source = `import { OnInvalid, OnPartitionKey, OnRecord, OnUnmatched, PayloadType, StreamHandler, UseInterceptors } from 'shardline';\n${declaration}\nexport { };`;
    const code = compile(source, false);

    // Act
    const loading = load(code);

    // Assert
    await expect(loading).rejects.toThrow(DefinitionError);
    await expect(loading).rejects.toThrow(`${where} this file was compiled with standard (TC39) decorators`);
    await expect(loading).rejects.toThrow('Set "experimentalDecorators": true in the compilerOptions of the tsconfig.json whose "include" covers this file');
  });
});
