// Builds the runtime package twice from one source: CommonJS into dist/cjs and ES modules into
// dist/esm, each folder marked with its module type so Node, bundlers and TypeScript read the
// .js and .d.ts files in it as what they are. Runs from the repository root wherever it is
// started (packages/cli's prepack calls it first, because the CLI compiles against these types).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const [config, dir, type] of [
  ['tsconfig.build.json', 'dist/cjs', 'commonjs'],
  ['tsconfig.build.esm.json', 'dist/esm', 'module'],
]) {
  execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  // Bundlers read `sideEffects` from the nearest package.json, which is this one, not the root's:
  // without it here esbuild keeps every module index.js re-exports (the payload classes of
  // shardline's formats among them) in bundles that never use them.
  writeFileSync(`${dir}/package.json`, `${JSON.stringify({ type, sideEffects: false }, null, 2)}\n`);
}
