// Loads a bundle (ESM or CJS) in this fresh process, as Lambda's runtime does, and calls its
// handler once per event file with a Lambda-shaped context. Prints one JSON line for the test.
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');

const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'orders',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-2:123456789012:function:orders',
  memoryLimitInMB: '128',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/orders',
  logStreamName: '2026/11/30/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done() {},
  fail() {},
  succeed() {},
};

async function main() {
  const [bundle, ...eventFiles] = process.argv.slice(2);
  const loaded = await import(pathToFileURL(bundle).href);
  const { handler, calls } = typeof loaded.handler === 'function' ? loaded : loaded.default;
  const results = [];
  for (const file of eventFiles) {
    calls.length = 0;
    const response = await handler(JSON.parse(readFileSync(file, 'utf8')), context);
    results.push({ response, calls: [...calls] });
  }
  process.stdout.write(`RESULT ${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
