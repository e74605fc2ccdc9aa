/** Creates the AWS SDK Kinesis client the runner uses, set up for a local emulator when the endpoint is one. */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Options of {@link createKinesisClient}.
 *
 * @example
 * const options: KinesisClientOptions = { endpoint: 'http://127.0.0.1:4568', region: 'eu-west-1' };
 */
export interface KinesisClientOptions {
  /** Endpoint URL. Absent means the SDK's usual AWS endpoint for the region. */
  endpoint?: string;
  /** Region; defaults to `AWS_REGION`, then `us-east-1`. */
  region?: string;
  /**
   * Use fixed dummy credentials. Defaults to true when `endpoint` is a loopback or `http:` URL
   * (an emulator does not check signatures), false otherwise (the SDK's credential chain).
   */
  dummyCredentials?: boolean;
  /** Milliseconds to wait for a TCP connection. Default 3,000: an unreachable endpoint fails fast. */
  connectionTimeoutMs?: number;
  /** Milliseconds to wait for a response. Default 10,000: every Kinesis call the runner makes answers at once. */
  requestTimeoutMs?: number;
  /** SDK attempts per call. Default 3. */
  maxAttempts?: number;
}

/**
 * Creates an AWS SDK v3 Kinesis client for a local emulator or a real endpoint.
 *
 * The HTTP/1.1 handler is set explicitly: the emulator's plain port does not speak HTTP/2, and
 * explicit timeouts keep an unreachable endpoint from hanging a command.
 *
 * @example
 * const kinesis = createKinesisClient({ endpoint: local.endpoint });
 * await kinesis.send(new ListStreamsCommand({}));
 */
export function createKinesisClient(options: KinesisClientOptions = {}): KinesisClient {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const dummy = options.dummyCredentials ?? (options.endpoint !== undefined && isLocalEndpoint(options.endpoint));
  return new KinesisClient({
    region,
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts ?? 3,
    credentials: dummy ? { accessKeyId: 'shardline', secretAccessKey: 'shardline' } : undefined,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
    }),
  });
}

/**
 * Whether an endpoint URL is a local emulator rather than AWS.
 *
 * @example
 * isLocalEndpoint('http://127.0.0.1:4568'); // true
 */
export function isLocalEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' || ['localhost', '127.0.0.1', '[::1]', '::1'].includes(url.hostname);
  } catch {
    return false;
  }
}
