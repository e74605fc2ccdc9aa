/**
 * The errors `@shardline/cdk` throws at synth time. Each message says what is wrong and how to fix
 * it: a deployment that would lose records or retry them needlessly never reaches CloudFormation.
 */

/**
 * The handler module could not be loaded at synth time, or its export is not a shardline handler.
 *
 * @example
 * try { new KinesisConsumer(stack, 'Orders', { stream, entry: 'src/missing.ts' }); } catch (e) { if (e instanceof HandlerInspectionError) console.error(e.message); }
 */
export class HandlerInspectionError extends Error {
  override readonly name = 'HandlerInspectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The consumer's settings disagree with its handler in a way that would lose or needlessly retry
 * records. `findings` lists every problem found, not just the first.
 *
 * @example
 * expect(() => new KinesisConsumer(stack, 'Orders', { stream, entry, parallelizationFactor: 4 })).toThrow(UnsafeConsumerError);
 */
export class UnsafeConsumerError extends Error {
  override readonly name = 'UnsafeConsumerError';
  constructor(
    readonly consumer: string,
    readonly findings: ReadonlyArray<{ readonly code: string; readonly message: string }>,
  ) {
    super(`KinesisConsumer ${consumer} refused:\n${findings.map((finding) => `- ${finding.message} [${finding.code}]`).join('\n')}`);
  }
}
