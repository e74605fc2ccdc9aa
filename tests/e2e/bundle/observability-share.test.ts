/**
 * Pay for what you use: metrics and tracing are plugged in from `shardline/observability`, so a
 * handler that does not import it carries none of their code in its Lambda bundle. Bundled as
 * Lambda bundles are (esbuild, ES module, minified), from the sources; the inputs that put bytes
 * into the output are read from the metafile.
 */
import { join, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(__dirname, '../../..');

/** Metrics and tracing: their plug-ins, EMF, the sinks, the record timer, the trace. */
const OBSERVABILITY_CODE = /^src\/(observability\/|runtime\/observe\/(metrics|emf|tracing|record-timer)\.ts$)/;

/** The shardline source files that put bytes into a minified ES module bundle of `entry`. */
function bundledSources(entry: string): string[] {
  const { metafile } = buildSync({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    write: false,
    outdir: join(root, 'unused'),
    metafile: true,
    alias: { shardline: join(root, 'src/index.ts'), 'shardline/observability': join(root, 'src/observability/index.ts') },
    external: ['reflect-metadata', 'class-transformer', 'class-validator', '@aws-lambda-powertools/*'],
    logLevel: 'silent',
  });
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => relative(root, resolve(root, path)))
    .filter((path) => path.startsWith('src/'));
}

describe('a bundled handler', () => {
  it('holds no metrics or tracing code when it does not import shardline/observability', () => {
    const sources = bundledSources('examples/orders/handler.ts');

    expect(sources).toContain('src/create-handler.ts');
    expect(sources.filter((path) => OBSERVABILITY_CODE.test(path))).toEqual([]);
  });

  it('holds the metrics and tracing code when it plugs them in', () => {
    const sources = bundledSources('examples/observability/handler.ts');

    expect(sources.filter((path) => OBSERVABILITY_CODE.test(path)).sort()).toEqual([
      'src/observability/cloudwatch-metrics.plugin.ts',
      'src/observability/xray-tracing.plugin.ts',
      'src/runtime/observe/emf.ts',
      'src/runtime/observe/metrics.ts',
      'src/runtime/observe/record-timer.ts',
      'src/runtime/observe/tracing.ts',
    ]);
  });
});
