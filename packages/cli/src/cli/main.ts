#!/usr/bin/env node
/**
 * The `shardline` command line: `dev`, `invoke`, `put` and `routes`.
 * Every failure the user can fix ends as one message on stderr and a non-zero exit code.
 */
import { EndpointUnreachableError, EventSourceMappingConfigError, LocalKinesisStartError, PutRecordsError, StreamUnavailableError } from '../local/errors.js';
import { parseCommandLine } from './args.js';
import { CliError } from './cli-error.js';
import { processIo, reserveStdoutForJson, type Io } from './output.js';
import { usage } from './usage.js';

/** Errors whose message is the whole story: no stack needed. */
const EXPECTED_ERRORS = [CliError, EndpointUnreachableError, StreamUnavailableError, LocalKinesisStartError, PutRecordsError, EventSourceMappingConfigError];

/**
 * Runs one CLI command and returns its exit code; never throws and never exits the process.
 *
 * @param argv arguments after `node` and the script.
 * @param signal aborting it stops a running `dev` gracefully.
 * @example
 * const code = await runCli(['routes', 'examples/orders/handler.ts'], processIo, new AbortController().signal);
 */
export async function runCli(argv: ReadonlyArray<string>, io: Io, signal: AbortSignal): Promise<number> {
  let command = 'shardline';
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === 'help') {
      io.out(usage(parsed.topic));
      return 0;
    }
    command = `shardline ${parsed.command}`;
    if (parsed.args.json && io === processIo) reserveStdoutForJson();
    // Commands are loaded on demand: the AWS SDK and tsx cost time that help and usage errors need not pay.
    switch (parsed.command) {
      case 'dev':
        return await (await import('./dev.command.js')).devCommand(parsed.args, io, signal);
      case 'invoke':
        return await (await import('./invoke.command.js')).invokeCommand(parsed.args, io);
      case 'put':
        return await (await import('./put.command.js')).putCommand(parsed.args, io);
      case 'routes':
        return (await import('./routes.command.js')).routesCommand(parsed.args, io);
      case 'template':
        return (await import('./template.command.js')).templateCommand(parsed.args, io);
    }
  } catch (error) {
    return report(error, command, io);
  }
}

function report(error: unknown, command: string, io: Io): number {
  if (error instanceof CliError && error.exitCode === 2) {
    io.err(`${command}: ${error.message}\nRun "shardline help" for usage.`);
    return 2;
  }
  if (EXPECTED_ERRORS.some((type) => error instanceof type)) {
    io.err(`${command}: ${(error as Error).message}`);
    return 1;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.err(`${command}: unexpected error: ${err.name}: ${err.message}`);
  if (process.env.SHARDLINE_DEBUG) io.err(err.stack ?? '');
  else io.err('Set SHARDLINE_DEBUG=1 to see the stack trace.');
  return 1;
}

if (require.main === module) {
  // The CLI runs on Node 20 on purpose; the SDK's notice about Node 22 would only add noise to every command.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  let interrupts = 0;
  const interrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      processIo.err('stopping... (press Ctrl-C again to force)');
      controller.abort();
    } else {
      // process.exit runs the exit hooks that kill anything this process started.
      process.exit(130);
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('unhandledRejection', (reason) => {
    // User code may leave a promise rejected after its invocation timed out; a dev loop should survive it.
    processIo.err(`warning: unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`);
  });
  void runCli(process.argv.slice(2), processIo, controller.signal).then((code) => {
    // User modules may hold handles open (timers, sockets); the command is over, so is the process.
    process.exit(code);
  });
}
