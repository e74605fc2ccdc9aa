/**
 * Errors the CLI turns into one line on stderr and an exit code, instead of a stack trace.
 * `UsageError` (exit 2) is a mistake in the command line; `CliError` (exit 1) is anything else the
 * user can fix: a file, a module, an endpoint, a stream.
 *
 * @example
 * throw new CliError(`cannot read ${path}: ${error.message}`, { cause: error });
 */
import { ShardlineError } from 'shardline';

export class CliError extends ShardlineError {
  override readonly name: string = 'CliError';
  readonly exitCode: number = 1;
}

/**
 * A command line the CLI cannot understand: unknown flag, missing argument, value out of range.
 *
 * @example
 * throw new UsageError('--batch-size must be an integer from 1 to 10000');
 */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';
  override readonly exitCode: number = 2;
}
