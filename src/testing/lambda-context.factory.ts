import type { LambdaContext } from '../types.js';

/**
 * A Lambda context for tests. Its remaining time counts down in real time from `remainingTimeMs`,
 * like Lambda's; leave it out for a context without a deadline.
 *
 * @example
 * await handler(event, lambdaContext({ remainingTimeMs: 5_000 }));
 */
export function lambdaContext(options: { remainingTimeMs?: number; functionName?: string; awsRequestId?: string } = {}): LambdaContext & {
  functionName: string;
  awsRequestId: string;
} {
  const functionName = options.functionName ?? 'shardline-test';
  const deadline = options.remainingTimeMs === undefined ? Infinity : Date.now() + options.remainingTimeMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? `req-${Math.random().toString(16).slice(2, 10)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]shardline',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => (deadline === Infinity ? Infinity : Math.max(0, deadline - Date.now())),
  };
}
