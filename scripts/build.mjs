// Builds the runtime package twice from one source: CommonJS into dist/cjs and ES modules into
// dist/esm, each folder marked with its module type so Node, bundlers and TypeScript read the
// .js and .d.ts files in it as what they are. Runs from the repository root wherever it is
// started (packages/cli's prepack calls it first, because the CLI compiles against these types).
//
// The TypeScript compiler, through its API rather than `tsc`, so that one type-check per build
// emits both: the .d.ts files with their TSDoc (what editors show), then the .js files without
// comments. The comments are for this repository's readers; in node_modules they were a third of
// the JavaScript, and a production install has a 1 MB budget (tests/package measures it).
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

function compile(configFile) {
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => failOn([diagnostic]) });
  failOn(config.errors);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  failOn(ts.getPreEmitDiagnostics(program));
  failOn(program.emit(undefined, undefined, undefined, true).diagnostics);
  const javascriptOnly = (fileName, text, writeByteOrderMark) => {
    if (!fileName.endsWith('.d.ts')) ts.sys.writeFile(fileName, text, writeByteOrderMark);
  };
  failOn(program.emit(undefined, javascriptOnly, undefined, false, { after: [withoutComments] }).diagnostics);
}

rmSync('dist', { recursive: true, force: true });
for (const [config, dir, type] of [
  ['tsconfig.build.json', 'dist/cjs', 'commonjs'],
  ['tsconfig.build.esm.json', 'dist/esm', 'module'],
]) {
  compile(config);
  // Bundlers read `sideEffects` from the nearest package.json, which is this one, not the root's:
  // without it here esbuild keeps every module index.js re-exports (the payload classes of
  // shardline's formats among them) in bundles that never use them.
  writeFileSync(`${dir}/package.json`, `${JSON.stringify({ type, sideEffects: false }, null, 2)}\n`);
}
