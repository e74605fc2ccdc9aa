/**
 * A windowed handler in a file compiled without `experimentalDecorators` (TypeScript 5's default,
 * and what esbuild and tsx do for a file outside every tsconfig `include`): the window decorators
 * say how to fix it, like the others, instead of failing on something unrelated.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { DefinitionError, type ShardlineHandler } from 'shardline';
import { kinesisEvent } from 'shardline/testing';

let dir: string;
let modules = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shardline-window-decorators-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function load(source: string, experimentalDecorators: boolean): Promise<Record<string, unknown>> {
  const code = transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022', tsconfigRaw: { compilerOptions: { experimentalDecorators } } }).code;
  const path = join(dir, `module-${++modules}.js`);
  writeFileSync(path, code);
  return (await import(path)) as Record<string, unknown>;
}

const source = `
import { createHandler, OnRecord, StreamHandler } from 'shardline';
import { OnWindowEnd, WindowReduce } from 'shardline/windows';

@StreamHandler()
class Revenue {
  @OnRecord('order.paid')
  paid(order: { total: number }) { return order.total; }

  @WindowReduce()
  add(state: { sum?: number }, total: number) { return { sum: (state.sum ?? 0) + total }; }

  @OnWindowEnd()
  close() {}
}

export const handler = createHandler([Revenue]);
`;

describe('a windowed handler compiled by esbuild', () => {
  it('folds its window with experimentalDecorators', async () => {
    const { handler } = (await load(source, true)) as { handler: ShardlineHandler };

    const response = await handler(
      kinesisEvent([{ data: { type: 'order.paid', total: 3 } }], { window: { start: '2026-11-28T10:00:00Z', end: '2026-11-28T10:05:00Z' } }),
    );

    expect(response).toEqual({ state: { sum: 3 }, batchItemFailures: [] });
  });

  it.each([
    ['@WindowReduce', `class Revenue { @WindowReduce() add(state: object) { return state; } }`, '@WindowReduce on add:'],
    ['@OnWindowEnd', `class Revenue { @OnWindowEnd() close() {} }`, '@OnWindowEnd on close:'],
  ])('refuses %s with standard decorators, naming it and saying to set experimentalDecorators', async (_name, body, where) => {
    const act = load(`import { OnWindowEnd, WindowReduce } from 'shardline/windows';\n${body}\nexport {};`, false);

    await expect(act).rejects.toThrow(DefinitionError);
    await expect(act).rejects.toThrow(`${where} this file was compiled with standard (TC39) decorators`);
  });
});
