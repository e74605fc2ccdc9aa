// Builds the runtime package twice from one source: ES modules into dist/esm and CommonJS into
// dist/cjs, each folder marked with its module type so Node, bundlers and TypeScript read the
// .js and .d.ts files in it as what they are. Runs from the repository root wherever it is
// started (packages/cli's prepack calls it first, because the CLI compiles against these types).
//
// The TypeScript compiler, through its API rather than `tsc`, so that one type-check per build
// emits both: the .d.ts files with their TSDoc (what editors show), then the .js files without
// comments. The comments are for this repository's readers; in node_modules they were a third of
// the JavaScript, and a production install has a 1 MB budget (tests/package measures it).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const ts = createRequire(import.meta.url)('typescript');

const host = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => process.cwd(),
  getNewLine: () => '\n',
};

function failOn(diagnostics) {
  if (diagnostics.length === 0) return;
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

// Marks every node of a JavaScript output file to be printed without its comments. It runs after
// the declaration files were written: they share the source's nodes, and must keep their comments.
const withoutComments = () => (sourceFile) => {
  const mark = (node) => {
    ts.setEmitFlags(node, ts.EmitFlags.NoComments | ts.EmitFlags.NoNestedComments);
    ts.forEachChild(node, mark);
  };
  mark(sourceFile);
  return sourceFile;
};

function compile(configFile, { javascript }) {
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => failOn([diagnostic]) });
  failOn(config.errors);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  failOn(ts.getPreEmitDiagnostics(program));
  failOn(program.emit(undefined, undefined, undefined, true).diagnostics);
  if (!javascript) return;
  const javascriptOnly = (fileName, text, writeByteOrderMark) => {
    if (!fileName.endsWith('.d.ts')) ts.sys.writeFile(fileName, text, writeByteOrderMark);
  };
  failOn(program.emit(undefined, javascriptOnly, undefined, false, { after: [withoutComments] }).diagnostics);
}

/**
 * The CommonJS build, bundled by esbuild from the same sources: one file per entry of the exports map, with the
 * modules two or more entries share in chunks of their own (so each module exists once, and an
 * error class is the same class whichever entry threw it). A CommonJS bundle cannot leave out what
 * it never calls (esbuild keeps every module a `require` reaches, whole), so a file per module
 * carried every module's `exports.x = ...` and `(0, m.x)(...)` lines into users' bundles, and a
 * Lambda that requires the package read some 60 files at cold start. Scope-hoisted entries have
 * neither. Not minified: this is what users read in node_modules and in stack traces.
 */
async function buildCommonJs() {
  const { build, transform } = createRequire(import.meta.url)('esbuild');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const entryPoints = {};
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    if (typeof conditions === 'string') continue; // ./package.json
    const esm = conditions.import.default;
    const cjs = conditions.require.default;
    if (esm.replace('/dist/esm/', '/dist/cjs/') !== cjs) throw new Error(`exports[${subpath}]: the require path must mirror the import path`);
    // From the TypeScript sources: esbuild compiles the decorated classes as `var X = class { }`,
    // which keeps their names; tsc's `let X = class X { }` would be renamed `X2` by the bundling.
    entryPoints[esm.replace(/^\.\/dist\/esm\//, '').replace(/\.js$/, '')] = esm.replace(/^\.\/dist\/esm\//, './src/').replace(/\.js$/, '.ts');
  }
  const { outputFiles } = await build({
    entryPoints,
    outdir: 'dist/cjs',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  for (const file of outputFiles) {
    const { code } = await transform(file.text, { format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, code);
  }
}

rmSync('dist', { recursive: true, force: true });
// Declarations of both builds from tsc (the CommonJS ones are the same files, for TypeScript's
// `require` resolution); the JavaScript of the ES module build from tsc, a file per module, so a
// bundler keeps only what a handler reaches; the CommonJS JavaScript bundled by esbuild.
compile('tsconfig.build.json', { javascript: false });
compile('tsconfig.build.esm.json', { javascript: true });
await buildCommonJs();
for (const [dir, type] of [
  ['dist/cjs', 'commonjs'],
  ['dist/esm', 'module'],
]) {
  // Bundlers read `sideEffects` from the nearest package.json, which is this one, not the root's:
  // without it here esbuild keeps every module index.js re-exports (the payload classes of
  // shardline's formats among them) in bundles that never use them.
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type, sideEffects: false }, null, 2)}\n`);
}
