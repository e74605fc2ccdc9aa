/**
 * What gets deployed is the asset the construct bundles, not the sources: the orders example is
 * synthesized with esbuild running locally (Docker is never used), and the bundle, run in a fresh
 * Node process, must answer the Kinesis example event of the Lambda documentation exactly as the
 * handler does from its sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { KinesisConsumer } from '@shardline/cdk';
import { lambdaContext } from 'shardline/testing';
import { handler } from '../../../examples/orders/handler';
import docsEvent from '../../../tests/fixtures/lambda-docs-kinesis-event.json';

const ROOT = resolve(__dirname, '../../..');

describe('the orders example deployed with KinesisConsumer', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'shardline-cdk-out-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Orders');
  const consumer = new KinesisConsumer(stack, 'Orders', {
    stream: new kinesis.Stream(stack, 'Stream'),
    entry: 'examples/orders/handler.ts',
    onFailure: new sqs.Queue(stack, 'Failures'),
    functionProps: { bundling: { forceDockerBundling: false } },
  });
  const assembly = app.synth();
  const template = Template.fromStack(stack);

  function assetDir(): string {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Code: { S3Key: string } } };
    const key = fn.Properties.Code.S3Key.replace(/\.zip$/, '');
    return join(assembly.directory, `asset.${key}`);
  }

  it('bundles one minified ES module with its source map', () => {
    // Arrange
    const dir = assetDir();

    // Act
    const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');

    // Assert
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    // Assertions on booleans: a failure should not print 100 KB of bundle.
    expect(bundle.startsWith("import { createRequire as __shardlineCreateRequire } from 'node:module';")).toBe(true);
    expect(bundle.split('\n').length).toBeLessThan(50);
    expect(bundle.includes('design:paramtypes')).toBe(false);
  });

  it("answers the Lambda documentation's example event in a fresh process as the sources do", async () => {
    // Arrange
    const runner = join(mkdtempSync(join(tmpdir(), 'shardline-cdk-run-')), 'run.mjs');
    writeFileSync(
      runner,
      `const { handler } = await import(${JSON.stringify(pathToFileURL(join(assetDir(), 'index.mjs')).href)});
       const event = JSON.parse(await (await import('node:fs/promises')).readFile(${JSON.stringify(join(ROOT, 'tests/fixtures/lambda-docs-kinesis-event.json'))}, 'utf8'));
       const context = { getRemainingTimeInMillis: () => 60000, awsRequestId: 'docs', functionName: 'orders' };
       const response = await handler(event, context);
       const { records } = await handler.processBatch(event, context);
       process.stdout.write('RESULT ' + JSON.stringify({ response, routes: records.map((r) => r.route) }) + '\\n');`,
    );
    const expected = await handler(docsEvent, lambdaContext({ remainingTimeMs: 60_000 }));

    // Act
    const output = execFileSync(process.execPath, ['--enable-source-maps', runner], {
      env: { ...process.env, SHARDLINE_LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });

    // Assert
    const result = JSON.parse((output.trim().split('\n').at(-1) ?? '').replace(/^RESULT /, '')) as { response: unknown; routes: unknown };
    expect(result.response).toEqual(expected);
    expect(result.response).toEqual({ batchItemFailures: [] });
    // Class names survive minification: route ids stay readable in logs and reports.
    expect(result.routes).toEqual(['Orders.quarantine', 'Orders.quarantine']);
  });

  it('deploys the bundle as the handler export of an ES module', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Runtime: 'nodejs22.x' });
    expect(consumer.handlerFacts.routes.map((route) => `${route.handler}.${route.method}`)).toEqual([
      'Orders.created',
      'Orders.cancelled',
      'Orders.quarantine',
    ]);
  });
});
