/**
 * The main entry must not load Powertools: a handler that never imports `shardline/idempotency`
 * must not need `@aws-lambda-powertools/idempotency` installed, nor pay for loading it.
 */
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(__dirname, '../../..');

function bundledPackages(entry: string): string[] {
  const { metafile } = buildSync({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['reflect-metadata', 'class-transformer', 'class-validator', '@aws-lambda-powertools/*'],
  });
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports.map((imported) => imported.path));
  return [...new Set(imports)].filter((path) => path.startsWith('@aws-lambda-powertools/'));
}

describe('shardline/idempotency', () => {
  it('is the only entry that imports Powertools Idempotency', () => {
    expect(bundledPackages('src/index.ts')).toEqual([]);
    expect(bundledPackages('src/idempotency/index.ts')).toEqual(['@aws-lambda-powertools/idempotency']);
  });
});
