import { transformSync } from 'esbuild';
import ts from 'typescript';
import * as shardline from 'shardline';
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

/** Runs compiled CommonJS code whose `require('shardline')` gets the package under test. */
function load(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const requireShardline = (id: string): unknown => {
    if (id === 'shardline') return shardline;
    throw new Error(`unexpected require(${JSON.stringify(id)})`);
  };
  new Function('require', 'module', 'exports', code)(requireShardline, module, module.exports);
  return module.exports;
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
    const { handler } = load(compile(handlerSource, true)) as { handler: ShardlineHandler };

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
  ])('without experimentalDecorators, fails at load with a DefinitionError from %s that says what to change', (_decorator, declaration, where) => {
    // Arrange
    const source = `import { OnInvalid, OnPartitionKey, OnRecord, OnUnmatched, PayloadType, StreamHandler } from 'shardline';\n${declaration}\nexport { };`;
    const code = compile(source, false);

    // Act
    const act = () => load(code);

    // Assert
    expect(act).toThrow(DefinitionError);
    expect(act).toThrow(`${where} this file was compiled with standard (TC39) decorators`);
    expect(act).toThrow('Set "experimentalDecorators": true in the compilerOptions of the tsconfig.json whose "include" covers this file');
  });
});
