import type { LambdaContext } from '../types.js';

/**
 * A Lambda context for tests: the full `Context` of `@types/aws-lambda` (assignable to it, no cast),
 * so it can be passed to a handler typed `KinesisStreamHandler`. Its remaining time counts down in
 * real time from `remainingTimeMs`, like Lambda's; leave it out for a context without a deadline.
 * The deprecated callback methods (`done`, `fail`, `succeed`) do nothing: shardline handlers return
 * their response.
 *
 * @example
 * import type { KinesisStreamHandler } from 'aws-lambda';
 * const typed: KinesisStreamHandler = handler;
 * await typed(event, lambdaContext({ remainingTimeMs: 5_000 }), () => undefined);
 */
export function lambdaContext(options: { remainingTimeMs?: number; functionName?: string; awsRequestId?: string } = {}): LambdaContext {
  const functionName = options.functionName ?? 'shardline-test';
  const deadline = options.remainingTimeMs === undefined ? Infinity : Date.now() + options.remainingTimeMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? `req-${Math.random().toString(16).slice(2, 10)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]shardline',
    getRemainingTimeInMillis: () => (deadline === Infinity ? Infinity : Math.max(0, deadline - Date.now())),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
