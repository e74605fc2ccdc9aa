import type { Command } from './args.js';

const overview = `shardline: run Kinesis Lambda handlers locally, with Lambda's own polling, checkpoint and retry semantics

Usage:
  shardline dev <module> [options]              poll a stream and invoke the handler like Lambda's event source mapping
  shardline invoke <module> --event <file.json> one invocation with a Kinesis event
  shardline invoke <module> --records <file.jsonl>
  shardline put <stream> --file <records.jsonl> put records (--aggregate: as KPL aggregates)
  shardline routes <module>                     print the compiled route table of a shardline handler
  shardline template <module> [options]         print the SAM or CloudFormation event source mapping the handler needs
  shardline help [command]

<module> is a TypeScript or JavaScript file; it runs without a build step.
Common options:
  --export <name>   the handler's export name (default: handler)
  --json            machine-readable output on stdout (JSON lines for dev)
  -h, --help        help for a command
Exit codes: 0 success; 1 failure (the handler failed, or a file, module, endpoint or stream is unusable); 2 bad command line.`;

const records = `Records files are JSON lines, one record a line:
  {"partitionKey": "customer-1", "data": {"type": "order.created", "orderId": "o-1"}}
  {"partitionKey": "customer-1", "data": "plain text, sent as UTF-8"}
  {"partitionKey": "customer-2", "dataBase64": "AAEC", "explicitHashKey": "42"}
"data" that is not a string is sent as its JSON text. Blank lines are ignored.`;

const help: Record<Exclude<Command, 'help'>, string> = {
  dev: `Usage: shardline dev <module> [options]

Polls every shard of a stream the way Lambda's event source mapping does and invokes the handler
exported by <module>. Without --endpoint it starts an embedded Kinesis (kinesis-local) on loopback,
creates --stream with --shards, and stops it on exit or Ctrl-C.

Stream:
  --endpoint <url>                    use this Kinesis endpoint (AWS or an emulator) instead of the embedded one
  --region <region>                   default: AWS_REGION, then us-east-1
  --stream <name>                     default: local-stream (required with --endpoint)
  --shards <n>                        shards of the embedded stream (default: 1)
  --put <records.jsonl>               put these records once the mapping runs
Event source mapping:
  --batch-size <n>                    1 to 10000 (default: 100)
  --batching-window <seconds>         0 to 300 (default: 0)
  --starting-position <position>      TRIM_HORIZON (default), LATEST or AT_TIMESTAMP
  --starting-position-timestamp <t>   ISO date or epoch seconds, for AT_TIMESTAMP
  --timeout <seconds>                 function timeout: the context's deadline (default: 3)
  --maximum-retry-attempts <n>        -1 (default: until the record expires) to 10000
  --maximum-record-age <seconds>      -1 (default: never) or the age after which records are discarded
  --bisect-batch-on-function-error    split a batch in two after a function error
  --on-failure <file.jsonl>           append an on-failure record for each discarded batch
  --no-report-batch-item-failures     run without ReportBatchItemFailures (the response is ignored)
  --tumbling-window <seconds>         0 (default: none) to 900: aggregate per shard over windows by arrival
                                      time; the response must carry state; a final invocation closes each
                                      window (Ctrl-C closes open windows early)
  --parallelization-factor <n>        1 (default) to 10 batches of a shard at once, in order per partition key
Run:
  --poll-interval <ms>                pause between polls of an idle shard (default: 1000, Lambda's rate)
  --until-drained                     stop once every shard is caught up
  -q, --quiet                         no progress lines, only failures and the summary
  --json                              one JSON object a line: events, progress, then the summary
  --export <name>                     default: handler

${records}`,
  invoke: `Usage: shardline invoke <module> (--event <file.json> | --records <file.jsonl>) [options]

Invokes the handler once, locally, and prints the batch response. For a shardline handler it also
prints, per record, the route taken and the outcome.

  --event <file.json>      a Kinesis event (what Lambda sends)
  --records <file.jsonl>   records to build the event from (see below)
  --timeout <seconds>      the context's deadline (default: 3)
  --stream <name>          stream name in the built event's ARN (default: local-stream)
  --region <region>        region in the built event (default: AWS_REGION, then us-east-1)
  --export <name>          default: handler
  --json                   print { response, records } as JSON

Exits 1 when the handler throws, times out, or reports failed records.

${records}`,
  put: `Usage: shardline put <stream> --file <records.jsonl> [options]

Puts records in file order, in PutRecords calls of up to 500 records, retrying throttled entries.

  --endpoint <url>         Kinesis endpoint (default: AWS, with the SDK's usual credentials)
  --region <region>        default: AWS_REGION, then us-east-1
  --aggregate              send KPL aggregates: records of one partition key, in order, grouped
  --aggregate-size <n>     records per aggregate (default: 100)
  --json                   print a JSON summary

${records}`,
  routes: `Usage: shardline routes <module> [--export <name>] [--json]

Prints the compiled route table of the shardline handler exported by <module>.`,
  template: `Usage: shardline template <module> [options]

Prints the Kinesis event source mapping a shardline handler needs, as SAM (a function with a Kinesis
event) or CloudFormation (an AWS::Lambda::EventSourceMapping), with the checks and event filters of
@shardline/cdk's KinesisConsumer: ReportBatchItemFailures on, a timeout that covers deadlineMarginMs,
bisect only with throwOnFullBatchFailure, a parallelization factor only where the handler's ordering
allows it. A setting that would lose or needlessly retry records exits 1 with the reason; warnings
go to stderr.

  --format <sam|cloudformation>       default: sam
  --stream <arn>                      the stream (default: a Fn::GetAtt Stream.Arn placeholder)
  --on-failure <arn>                  SQS queue, SNS topic or S3 bucket for batches Lambda gives up on
  --timeout <seconds>                 function timeout (default: 60, or what the margin needs)
  --batch-size <n>                    1 to 10000 (default: 100)
  --batching-window <seconds>         0 to 300 (default: 0)
  --starting-position <position>      TRIM_HORIZON (default), LATEST or AT_TIMESTAMP
  --starting-position-timestamp <s>   epoch seconds, for AT_TIMESTAMP
  --maximum-retry-attempts <n>        -1 to 10000 (default: Lambda's, -1)
  --maximum-record-age <seconds>      -1, or 60 to 604800 (default: Lambda's, -1)
  --bisect-batch-on-function-error    (default: the handler's throwOnFullBatchFailure)
  --parallelization-factor <n>        1 to 10 (default: 1)
  --tumbling-window <seconds>         0 (default: none) to 900; needed by, and only by, a handler with
                                      window methods; with a parallelization factor of 1
  --filters routes                    Lambda event filters from the route table, where they are exact
  --not-aggregated                    with --filters: no producer writes KPL aggregates
  --not-compressed                    with --filters: no producer compresses records
  --drop-undecodable                  with --filters: records the handler cannot decode may be dropped
  --max-filters <n>                   with --filters: your filter quota (default: 5, at most 10)
  --export <name>                     default: handler
  --json                              the template as JSON instead of YAML`,
};

/**
 * The help text of the CLI, or of one command.
 *
 * @example
 * process.stdout.write(usage('dev'));
 */
export function usage(topic?: Exclude<Command, 'help'>): string {
  return `${topic === undefined ? overview : help[topic]}\n`;
}
