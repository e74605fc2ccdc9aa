/**
 * The payload classes of the formats run class-validator and class-transformer decorators when
 * they load. Each format is an entry point of its own, so the main entry must not import any of
 * them: loading `shardline` (unbundled, or a bundle of all of it) would pay for every format.
 */
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(__dirname, '../../..');

/** Every source file an import of `entry` loads, relative to the repository: what esbuild reads to bundle it, before any tree-shaking. */
function loadedSources(entry: string): string[] {
  const { metafile } = buildSync({
    entryPoints: [resolve(root, entry)],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['reflect-metadata', 'class-transformer', 'class-validator', '@aws-sdk/*', '@aws-lambda-powertools/*'],
  });
  return Object.keys(metafile.inputs);
}

describe('the format entry points', () => {
  it('shardline imports no module of src/formats', () => {
    const sources = loadedSources('src/index.ts');

    expect(sources).toContain('src/create-handler.ts');
    expect(sources.filter((path) => path.startsWith('src/formats/'))).toEqual([]);
  });

  it.each([
    ['src/formats/cloudwatch-logs/index.ts', 'src/formats/cloudwatch-logs/'],
    ['src/formats/eventbridge/index.ts', 'src/formats/eventbridge/'],
    ['src/formats/dynamodb/index.ts', 'src/formats/dynamodb/'],
  ])('%s imports its own format and no other', (entry, folder) => {
    const formats = loadedSources(entry).filter((path) => path.startsWith('src/formats/'));

    expect(formats).toContain(entry);
    expect(formats.filter((path) => !path.startsWith(folder))).toEqual([]);
  });
});
