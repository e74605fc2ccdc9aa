/**
 * The packages as users get them: `npm pack` of shardline and @shardline/cli (prepack builds), the
 * tarballs checked by arethetypeswrong and publint, then installed into throwaway projects under
 * the system's temp directory and used the way the README says: TypeScript (commonjs and nodenext),
 * plain CommonJS and ES modules, esbuild bundles in both formats, `npx shardline`, and a production
 * install measured against its peers alone. Peers come from the npm registry at the versions the
 * repository tests with. Nothing here is skipped: a missing tool fails the test that needs it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoBin, repoVersion, ROOT, run, runOk, type Run } from './support/commands';
import { installedPackages, treeBytes } from './support/installed';

const MINUTE = 60_000;
const CONSUMER_FILES = join(__dirname, 'consumer');
const DOCS_EVENT = join(ROOT, 'tests/fixtures/lambda-docs-kinesis-event.json');
const PEERS = ['reflect-metadata', 'class-transformer', 'class-validator'];
const INSTALL = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
/** The production budget of the issue: what `npm i shardline` may add to a Lambda's node_modules. */
const ONE_MB = 1_000_000;
/** What consumer/plain.cjs and plain.mjs route with the payload classes of shardline/cloudwatch-logs and shardline/eventbridge. */
const FORMAT_ROUTES = [
  'logs messageType=DATA_MESSAGE',
  'placed detail-type=OrderPlaced',
  'acknowledge (built in, for CloudWatchLogsData) messageType=CONTROL_MESSAGE',
];
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The sources of the tumbling-window machinery, which only `shardline/windows` may bring in. */
const WINDOW_SOURCES = [
  ...['src/windows', 'src/runtime/window'].flatMap((dir) => readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}`)),
  'src/routing/compile-window.ts',
  'src/decorators/window-method-decorator.ts',
  'src/decorators/window-reduce.decorator.ts',
  'src/decorators/on-window-end.decorator.ts',
];

// tsc, esbuild and npx on a loaded 2-core machine: minutes, not the suite's 60 seconds. No test here times anything.
jest.setTimeout(5 * MINUTE);

const work = mkdtempSync(join(tmpdir(), 'shardline-package-'));
const tarballs = { runtime: '', cli: '' };

/** `npm pack` into its own folder (prepack builds), returning the tarball's path. */
async function pack(packageDir: string, into: string): Promise<string> {
  mkdirSync(into, { recursive: true });
  await runOk('npm', ['pack', '--pack-destination', into, '--loglevel=error'], { cwd: packageDir });
  const files = readdirSync(into).filter((name) => name.endsWith('.tgz'));
  if (files.length !== 1) throw new Error(`npm pack in ${packageDir} left ${files.length} tarballs in ${into}`);
  return join(into, files[0]);
}

/** A fresh project with these dependencies, installed by npm as a user would. */
async function project(
  name: string,
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
  installArgs: string[] = [],
): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, ...manifest }, null, 2)}\n`);
  await runOk('npm', [...INSTALL, ...installArgs], { cwd: dir });
  return dir;
}

function pinned(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, repoVersion(name)]));
}

function unpack(tarball: string): string {
  const dir = join(work, 'unpacked', relative(work, tarball).replace(/[/\\]/g, '_'));
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files a `require` of `file` reads from its package: the file and the chunks it requires, transitively. */
function requiredFiles(file: string): string[] {
  const files = new Set<string>();
  const visit = (path: string): void => {
    if (files.has(path)) return;
    files.add(path);
    for (const [, target] of readFileSync(path, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) visit(resolve(dirname(path), target));
  };
  visit(file);
  return [...files];
}

/** Which of `names` `files` declare (esbuild keeps top-level names in the unminified CommonJS build, adding a digit on a clash). */
function declaredIn(files: readonly string[], names: readonly string[]): string[] {
  const code = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  return names.filter((name) => new RegExp(`\\b(?:class|function|var|let|const)\\s+${name}\\d*\\b`).test(code));
}

/** The JSON after `prefix` on the last line of `output` that has it. */
function lastLine<T>(output: string, prefix: string): T {
  const line = output
    .split('\n')
    .reverse()
    .find((text) => text.startsWith(prefix));
  if (line === undefined) throw new Error(`no "${prefix}" line in:\n${output}`);
  return JSON.parse(line.slice(prefix.length)) as T;
}

function explain(result: Run): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

beforeAll(async () => {
  // One after the other: both prepacks rebuild dist/ (the CLI compiles against the runtime's types).
  tarballs.runtime = await pack(ROOT, join(work, 'tarballs', 'runtime'));
  tarballs.cli = await pack(join(ROOT, 'packages/cli'), join(work, 'tarballs', 'cli'));
}, 10 * MINUTE);

afterAll(() => {
  // SHARDLINE_KEEP_PACKAGE_PROJECTS=1 keeps the tarballs and projects to look into after a failure.
  if (process.env.SHARDLINE_KEEP_PACKAGE_PROJECTS === '1') process.stdout.write(`package test projects kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it.each([
    ['shardline', ['.', './testing', './dynamodb', './cloudwatch-logs', './eventbridge', './deployment', './idempotency', './observability', './windows']],
    ['@shardline/cli', ['.']],
  ])(
    '%s resolves to types for every entry under node10, node16 (CJS and ESM) and bundler, with no problem found by arethetypeswrong',
    async (name, expected) => {
      const tarball = name === 'shardline' ? tarballs.runtime : tarballs.cli;
      const { exports } = JSON.parse(readFileSync(join(unpack(tarball), 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
      const entries = Object.keys(exports).filter((entry) => entry !== './package.json');
      expect(entries).toEqual(expect.arrayContaining(expected));

      const result = await run(process.execPath, [repoBin('@arethetypeswrong/cli', 'attw'), tarball, '--format', 'json'], { cwd: work });

      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const report = JSON.parse(result.stdout) as {
        analysis: { problems: unknown[]; entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
      };
      expect(report.analysis.problems).toEqual([]);
      for (const entry of entries) {
        const resolutions = report.analysis.entrypoints[entry]?.resolutions ?? {};
        const typesFiles = Object.fromEntries(
          ['node10', 'node16-cjs', 'node16-esm', 'bundler'].map((kind) => [kind, resolutions[kind]?.resolution?.fileName ?? 'unresolved']),
        );
        for (const [kind, file] of Object.entries(typesFiles)) expect(`${entry} ${kind}: ${file}`).toMatch(/\.d\.ts$/);
      }
    },
  );

  it.each(['shardline', '@shardline/cli'])('%s has no publint message, suggestions included', async (name) => {
    const tarball = name === 'shardline' ? tarballs.runtime : tarballs.cli;

    const result = await runOk(process.execPath, [join(__dirname, 'support/publint.mjs'), tarball], { cwd: ROOT });

    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it.each(['shardline', '@shardline/cli'])('%s ships its LICENSE and CHANGELOG.md', (name) => {
    const dir = unpack(name === 'shardline' ? tarballs.runtime : tarballs.cli);

    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 the shardline authors');
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(/^## \[?0\.2\.0\]?/m);
  });

  it.each(['shardline', '@shardline/cli'])('%s has no source map or map reference that points to a file it does not ship', (name) => {
    const dir = unpack(name === 'shardline' ? tarballs.runtime : tarballs.cli);
    const dangling: string[] = [];

    for (const file of filesUnder(dir)) {
      if (file.endsWith('.map')) {
        const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourceRoot?: string; sourcesContent?: Array<string | null> };
        map.sources.forEach((source, i) => {
          const target = resolve(dirname(file), map.sourceRoot ?? '', source);
          if (typeof map.sourcesContent?.[i] !== 'string' && !existsSync(target)) dangling.push(`${relative(dir, file)} -> ${source}`);
        });
      } else if (/\.[cm]?(js|ts)$/.test(file)) {
        const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1];
        if (reference !== undefined && !reference.startsWith('data:') && !existsSync(resolve(dirname(file), reference)))
          dangling.push(`${relative(dir, file)} -> ${reference}`);
      }
    }

    expect(dangling).toEqual([]);
  });

  it('shardline declares no dependencies and no install script', () => {
    const manifest = JSON.parse(readFileSync(join(unpack(tarballs.runtime), 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;

    expect({
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      bundleDependencies: manifest.bundleDependencies ?? manifest.bundledDependencies,
      installScripts: Object.keys(manifest.scripts ?? {}).filter((script) => /^(pre|post)?install$|^prepare$/.test(script)),
    }).toEqual({ dependencies: undefined, optionalDependencies: undefined, bundleDependencies: undefined, installScripts: [] });
  });
});

describe('the CommonJS build of the packed shardline', () => {
  // What the window sources export, by name: the compiler, the fold, state shapes, the runtime, the 1 MB check, the decorators, the errors.
  const windowNames = [
    ...new Set(
      WINDOW_SOURCES.flatMap((file) =>
        [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^export (?:class|function|const) (\w+)/gm)].map(([, name]) => name),
      ),
    ),
  ];

  it('has the tumbling-window machinery in shardline/windows', () => {
    const dir = unpack(tarballs.runtime);

    const declared = declaredIn(requiredFiles(join(dir, 'dist/cjs/windows/index.js')), windowNames);

    expect(declared).toEqual(
      expect.arrayContaining(['WindowReduce', 'OnWindowEnd', 'compileWindow', 'foldContributions', 'WindowRuntime', 'windowResponse', 'WindowStateError']),
    );
  });

  it('has none of it in the main entry, one file that requires nothing of its package (a CommonJS bundle keeps all of it, used or not)', () => {
    const dir = unpack(tarballs.runtime);
    const main = requiredFiles(join(dir, 'dist/cjs/index.js'));

    expect(main).toEqual([join(dir, 'dist/cjs/index.js')]);
    expect(declaredIn(main, windowNames)).toEqual([]);
  });

  it('has one copy of each module: the other entries take what they share with the main entry from it', () => {
    const dir = unpack(tarballs.runtime);
    const main = join(dir, 'dist/cjs/index.js');

    // (shardline/deployment shares no module with the main entry.)
    for (const entry of ['windows', 'testing', 'observability', 'idempotency', 'formats/dynamodb', 'formats/cloudwatch-logs', 'formats/eventbridge']) {
      const files = requiredFiles(join(dir, 'dist/cjs', entry, 'index.js'));
      expect({
        entry,
        requiresMain: files.includes(main),
        declaresShardlineError: declaredIn(
          files.filter((file) => file !== main),
          ['ShardlineError'],
        ),
      }).toEqual({
        entry,
        requiresMain: true,
        declaresShardlineError: [],
      });
    }
  });
});

describe('a user project with shardline and @shardline/cli installed from the tarballs', () => {
  let app = '';
  const tsc = (config: string) => run(process.execPath, [repoBin('typescript', 'tsc'), '-p', config, '--pretty', 'false'], { cwd: app });
  const node = (file: string, args: string[] = []) => run(process.execPath, [file, ...args], { cwd: app, env: { SHARDLINE_LOG_LEVEL: 'error' } });
  const npx = (args: string[]) => run('npx', ['--no', 'shardline', ...args], { cwd: app, env: { SHARDLINE_LOG_LEVEL: 'error' } });

  beforeAll(async () => {
    app = await project('app', {
      dependencies: { shardline: `file:${tarballs.runtime}`, ...pinned([...PEERS, '@aws-sdk/util-dynamodb']) },
      devDependencies: { '@shardline/cli': `file:${tarballs.cli}`, ...pinned(['@types/aws-lambda', '@types/node', '@aws-lambda-powertools/logger']) },
    });
    for (const name of readdirSync(CONSUMER_FILES)) copyFileSync(join(CONSUMER_FILES, name), join(app, name));
    // The most common Lambda setting is the project's own tsconfig.json, where esbuild and tsx look for experimentalDecorators.
    // (Named otherwise in the repository so editors and ESLint read the consumer files with the repository's tsconfig.)
    copyFileSync(join(CONSUMER_FILES, 'tsconfig.commonjs.json'), join(app, 'tsconfig.json'));
    copyFileSync(DOCS_EVENT, join(app, 'docs-event.json'));
  }, 15 * MINUTE);

  it('type-checks with "module": "commonjs" (node10 resolution): every entry, the handler as a KinesisStreamHandler, ctx.lambda as a Powertools context', async () => {
    const result = await tsc('tsconfig.json');

    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('type-checks with "module": "nodenext", from CommonJS and from an ES module', async () => {
    const result = await tsc('tsconfig.nodenext.json');

    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  // All but shardline/idempotency, which loads @aws-lambda-powertools/idempotency, a peer this project does not install.
  it('exports the same names from the CommonJS build as from the ES module build, for every entry but idempotency', async () => {
    const subpaths = ['', '/testing', '/dynamodb', '/cloudwatch-logs', '/eventbridge', '/deployment', '/observability', '/windows'];
    writeFileSync(
      join(app, 'export-names.mjs'),
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        `const names = {};`,
        `for (const subpath of ${JSON.stringify(subpaths)}) {`,
        "  const id = 'shardline' + subpath;",
        '  names[id] = { cjs: Object.keys(require(id)).sort(), esm: Object.keys(await import(id)).sort() };',
        '}',
        "console.log('REPORT ' + JSON.stringify(names));",
      ].join('\n'),
    );

    const result = await node('export-names.mjs');

    expect(result.status).toBe(0);
    const names = lastLine<Record<string, { cjs: string[]; esm: string[] }>>(result.stdout, 'REPORT ');
    expect(Object.keys(names)).toHaveLength(subpaths.length);
    for (const [id, { cjs, esm }] of Object.entries(names)) {
      expect({ id, cjs }).toEqual({ id, cjs: esm });
      expect(esm.length).toBeGreaterThan(0);
    }
  });

  it('runs a handler from plain CommonJS, every entry required from the CommonJS build', async () => {
    const result = await node('plain.cjs');

    expect(result.status).toBe(0);
    const report = lastLine<Record<string, unknown>>(result.stdout, 'REPORT ');
    expect(report).toEqual({
      resolved: [
        join(app, 'node_modules/shardline/dist/cjs/index.js'),
        join(app, 'node_modules/shardline/dist/cjs/testing/index.js'),
        join(app, 'node_modules/shardline/dist/cjs/formats/dynamodb/index.js'),
        join(app, 'node_modules/shardline/dist/cjs/deployment/index.js'),
      ],
      response: { batchItemFailures: [] },
      seen: ['cjs', 'RecordDecodeError'],
      routes: 2,
      unmarshalled: { id: 'o-1', total: 12.5 },
      minimumTimeoutMs: 4_000,
      formats: {
        resolved: [
          join(app, 'node_modules/shardline/dist/cjs/formats/cloudwatch-logs/index.js'),
          join(app, 'node_modules/shardline/dist/cjs/formats/eventbridge/index.js'),
        ],
        routes: FORMAT_ROUTES,
      },
    });
  });

  it('runs a handler from a plain ES module, every entry imported from the ES module build', async () => {
    const result = await node('plain.mjs');

    expect(result.status).toBe(0);
    const report = lastLine<Record<string, unknown>>(result.stdout, 'REPORT ');
    expect(report).toEqual({
      resolved: [
        pathToFileURL(join(app, 'node_modules/shardline/dist/esm/index.js')).href,
        pathToFileURL(join(app, 'node_modules/shardline/dist/esm/testing/index.js')).href,
        pathToFileURL(join(app, 'node_modules/shardline/dist/esm/formats/dynamodb/index.js')).href,
        pathToFileURL(join(app, 'node_modules/shardline/dist/esm/deployment/index.js')).href,
      ],
      response: { batchItemFailures: [] },
      seen: ['esm', 'RecordDecodeError'],
      routes: 2,
      unmarshalled: { id: 'o-1', total: 12.5 },
      minimumTimeoutMs: 4_000,
      formats: {
        resolved: ['cloudwatch-logs', 'eventbridge'].map((entry) => pathToFileURL(join(app, `node_modules/shardline/dist/esm/formats/${entry}/index.js`)).href),
        routes: FORMAT_ROUTES,
      },
    });
  });

  it.each(['esm', 'cjs'] as const)(
    'bundled by esbuild --format=%s --minify, answers the Lambda documentation event and an orders event exactly, in a fresh node process',
    async (format) => {
      const bundle = join(app, 'dist', `handler.${format === 'esm' ? 'mjs' : 'cjs'}`);
      await build({
        absWorkingDir: app,
        entryPoints: ['handler.ts'],
        outfile: bundle,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format,
        logLevel: 'error',
      });

      const result = await node('run-bundle.cjs', [bundle, 'docs-event.json', 'orders-event.json']);

      expect(explain(result)).toMatch(/^exit 0/);
      expect(lastLine(result.stdout, 'RESULT ')).toEqual([
        {
          response: { batchItemFailures: [{ itemIdentifier: '49590338271490256608559692540925702759324208523137515618' }] },
          calls: ['quarantined 1 RecordDecodeError'],
        },
        {
          response: { batchItemFailures: [] },
          calls: ['created o-1 12.5', 'quarantined customer-2 RecordValidationError', 'audit audit-7', 'cancelled o-1'],
        },
      ]);
    },
  );

  /** The files of the installed shardline that a minified ES module bundle of handler.ts keeps (bytes in its output), from esbuild's metafile. */
  async function shardlineInMinifiedEsmBundle(outfile: string): Promise<Array<[string, unknown]>> {
    const { metafile } = await build({
      absWorkingDir: app,
      entryPoints: ['handler.ts'],
      outfile: join(app, 'dist', outfile),
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      metafile: true,
      logLevel: 'error',
    });
    const [output] = Object.values(metafile.outputs);
    return Object.entries(output.inputs).filter(([path, input]) => path.includes('node_modules/shardline/') && input.bytesInOutput > 0);
  }

  it('an ES module bundle leaves out the modules the handler never reaches, such as the payload classes of the formats and the tumbling-window machinery', async () => {
    const fromShardline = await shardlineInMinifiedEsmBundle('shaken.mjs');
    expect(fromShardline.length).toBeGreaterThan(0);
    expect(fromShardline.map(([path]) => path).filter((path) => path.includes('/formats/'))).toEqual([]);
    expect(fromShardline.map(([path]) => path).filter((path) => /\/(runtime\/window\/|windows\/|routing\/compile-window\.js$)/.test(path))).toEqual([]);
  });

  it('an ES module bundle of a handler that does not import shardline/observability holds no metrics or tracing code', async () => {
    const fromShardline = await shardlineInMinifiedEsmBundle('unobserved.mjs');
    expect(fromShardline.map(([path]) => path)).toContainEqual(expect.stringContaining('/create-handler.js'));
    expect(fromShardline.map(([path]) => path).filter((path) => /\/observability\/|\/observe\/(metrics|emf|tracing|record-timer)\.js$/.test(path))).toEqual([]);
  });

  it('`npx shardline routes` prints the route table of the TypeScript handler', async () => {
    const result = await npx(['routes', 'handler.ts', '--json']);

    expect(explain(result)).toMatch(/^exit 0/);
    const { routes } = JSON.parse(result.stdout) as { routes: Array<{ kind: string; handler: string; method: string; type?: string; partitionKey?: string }> };
    expect(routes.map(({ kind, handler, method, type, partitionKey }) => [kind, `${handler}.${method}`, type ?? partitionKey ?? '-'])).toEqual([
      ['record', 'Orders.created', 'order.created'],
      ['record', 'Orders.cancelled', 'order.cancelled'],
      ['partition-key', 'Orders.audit', '/^audit-/'],
      ['invalid', 'Orders.quarantine', '-'],
    ]);
  });

  it('`npx shardline invoke --event` exits 1 and reports the failed record of the Lambda documentation event', async () => {
    const result = await npx(['invoke', 'handler.ts', '--event', 'docs-event.json', '--json']);

    expect(explain(result)).toMatch(/^exit 1/);
    const output = JSON.parse(result.stdout) as { ok: boolean; response: unknown; records: Array<{ route?: string; status: string }> };
    expect({ ok: output.ok, response: output.response, records: output.records.map(({ route, status }) => `${route ?? '-'} ${status}`) }).toEqual({
      ok: false,
      response: { batchItemFailures: [{ itemIdentifier: '49590338271490256608559692540925702759324208523137515618' }] },
      records: ['Orders.quarantine succeeded', 'Orders.quarantine failed'],
    });
  });

  it('`npx shardline invoke --event` exits 0 when every record of the event succeeds', async () => {
    const result = await npx(['invoke', 'handler.ts', '--event', 'orders-event.json', '--json']);

    expect(explain(result)).toMatch(/^exit 0/);
    const output = JSON.parse(result.stdout) as { ok: boolean; response: unknown; records: Array<{ route?: string; status: string }> };
    expect({ ok: output.ok, response: output.response, records: output.records.map(({ route, status }) => `${route ?? '-'} ${status}`) }).toEqual({
      ok: true,
      response: { batchItemFailures: [] },
      records: ['Orders.created succeeded', 'Orders.quarantine succeeded', 'Orders.audit succeeded', 'Orders.cancelled succeeded', '- skipped'],
    });
  });
});

describe('a production install (npm install --omit=dev) of shardline and its three peers', () => {
  let peersOnly = '';
  let withShardline = '';

  beforeAll(async () => {
    [peersOnly, withShardline] = await Promise.all([
      project('peers-only', { dependencies: pinned(PEERS) }, ['--omit=dev']),
      project('with-shardline', { dependencies: { shardline: `file:${tarballs.runtime}`, ...pinned(PEERS) } }, ['--omit=dev']),
    ]);
  }, 15 * MINUTE);

  it('adds shardline and no other package to what the peers alone install', () => {
    const before = installedPackages(join(peersOnly, 'node_modules'));
    const after = installedPackages(join(withShardline, 'node_modules'));

    expect(after.filter((id) => !before.includes(id))).toEqual([`shardline@${VERSION}`]);
    expect(before.filter((id) => !after.includes(id))).toEqual([]);
  });

  it('adds at most 1 MB to node_modules', () => {
    const added = treeBytes(join(withShardline, 'node_modules')) - treeBytes(join(peersOnly, 'node_modules'));
    const own = treeBytes(join(withShardline, 'node_modules', 'shardline'));

    expect(added).toBeLessThanOrEqual(ONE_MB);
    expect(own).toBeLessThanOrEqual(ONE_MB);
  });
});
