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
import { dirname, join, relative, resolve, sep } from 'node:path';
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
 * The CommonJS build, bundled by esbuild from the same sources. A CommonJS bundle cannot leave out
 * what it never calls (esbuild keeps every module a `require` reaches, whole), so what users'
 * bundles carry is every byte of the files the main entry requires: that entry is one
 * scope-hoisted file, with no chunk and none of the `exports.x = ...` and `(0, m.x)(...)` lines that
 * link modules across files (a file per module carried those, and a Lambda read some 60 files at
 * cold start). Every other entry is bundled too; the modules it shares with the main entry it takes
 * from the main entry at run time, so each module exists once (an error class is the same class
 * whichever entry threw it, and decorator metadata has one set of keys). There are no chunks: the
 * build fails if two other entries would each bundle a module of their own (see below). Not
 * minified: this is what users read in node_modules and in stack traces.
 */
async function buildCommonJs() {
  const { build } = createRequire(import.meta.url)('esbuild');
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const entryPoints = {};
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    if (typeof conditions === 'string') continue; // ./package.json
    const esm = conditions.import.default;
    const cjs = conditions.require.default;
    if (esm.replace('/dist/esm/', '/dist/cjs/') !== cjs) throw new Error(`exports[${subpath}]: the require path must mirror the import path`);
    // From the TypeScript sources: esbuild compiles the decorated classes as `var X = class { }`,
    // which keeps their names; tsc's `let X = class X { }` would be renamed `X2` by the bundling.
    entryPoints[esm.replace(/^\.\/dist\/esm\//, '').replace(/\.js$/, '')] = resolve(esm.replace(/^\.\/dist\/esm\//, 'src/').replace(/\.js$/, '.ts'));
  }
  const { index: mainEntry, ...otherEntries } = entryPoints;
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    packages: 'external',
    legalComments: 'none',
    logLevel: 'warning',
  };

  // 1. The modules of the main entry.
  const { metafile } = await build({ ...common, entryPoints: [mainEntry], format: 'esm', write: false, metafile: true, outdir: 'dist/cjs' });
  const mainModules = new Set(Object.keys(metafile.inputs).map((path) => resolve(path)));

  // 2. The other entries, where each module of the main entry is a stub that reads it from there.
  const shared = new Set();
  const fromMain = {
    name: 'modules-from-the-main-entry',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, ({ path }) => {
        if (!mainModules.has(path)) return undefined;
        const id = relative('src', path).split(sep).join('/');
        shared.add(id);
        return {
          contents: `module.exports = require(${JSON.stringify(MAIN_PLACEHOLDER)})[Symbol.for(${JSON.stringify(MODULES_KEY)})][${JSON.stringify(id)}];`,
          loader: 'js',
        };
      });
    },
  };
  const { outputFiles, metafile: others } = await build({
    ...common,
    entryPoints: otherEntries,
    outdir: 'dist/cjs',
    format: 'cjs',
    external: [MAIN_PLACEHOLDER],
    plugins: [fromMain],
    metafile: true,
    write: false,
  });
  // Without chunks, a module two of these entries bundle (not a stub) would exist twice: a second copy of a
  // class or a metadata key breaks `instanceof` and lookups. None does; this keeps it so.
  const bundledBy = new Map();
  for (const [output, { entryPoint, inputs }] of Object.entries(others.outputs)) {
    for (const input of Object.keys(inputs)) {
      if (!input.startsWith('src/') || input === entryPoint || mainModules.has(resolve(input))) continue;
      if (bundledBy.has(input))
        throw new Error(
          `${input} is bundled in both ${bundledBy.get(input)} and ${output}: import it from the main entry's modules, or give it an entry of its own`,
        );
      bundledBy.set(input, output);
    }
  }
  for (const file of outputFiles) {
    const main = relative(dirname(file.path), resolve('dist/cjs/index.js')).split(sep).join('/');
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(
      file.path,
      file.text.replaceAll(`require(${JSON.stringify(MAIN_PLACEHOLDER)})`, `require(${JSON.stringify(main.startsWith('.') ? main : `./${main}`)})`),
    );
  }

  // 3. The main entry, with the modules the others take from it under a symbol (no public name).
  const ids = [...shared].sort();
  const contents = [
    `export * from './index.ts';`,
    ...ids.map((id, i) => `import * as m${i} from './${id}';`),
    `Object.defineProperty(module.exports, Symbol.for(${JSON.stringify(MODULES_KEY)}), { value: Object.freeze({ ${ids.map((id, i) => `${JSON.stringify(id)}: m${i}`).join(', ')} }) });`,
  ].join('\n');
  await build({
    ...common,
    stdin: { contents, resolveDir: resolve('src'), sourcefile: 'commonjs-main-entry.ts', loader: 'ts' },
    outfile: 'dist/cjs/index.js',
    format: 'cjs',
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
  });
}

/** What the other CommonJS entries require the main entry by, before the path is known. */
const MAIN_PLACEHOLDER = '@shardline-main-entry';
/** The key of the modules the main CommonJS entry lends the others. */
const MODULES_KEY = 'shardline.modules';

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
