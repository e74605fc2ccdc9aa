import { basename, extname } from 'node:path';
import { minimumTimeoutMs, planEventSourceMapping, readHandlerFacts, type HandlerFacts, type MappingPlan } from 'shardline/deployment';
import { CliError } from './cli-error.js';
import { loadExport } from './load-module.js';
import { toJson, type Io } from './output.js';
import type { TemplateArgs } from './template-args.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * `shardline template <module>`: prints the event source mapping (and, for SAM, the function) a
 * shardline handler needs, as SAM or CloudFormation, with the same settings, checks and event
 * filters as `@shardline/cdk`'s `KinesisConsumer`: both take them from `shardline/deployment`.
 * Refused settings exit 1 with the reasons; warnings go to stderr, so stdout stays a template.
 *
 * @example
 * const code = templateCommand({ module: 'src/orders.ts', exportName: 'handler', json: false, format: 'sam', settings: {} }, processIo);
 */
export function templateCommand(args: TemplateArgs, io: Io): number {
  const facts = readHandlerFacts(loadExport(args.module, args.exportName));
  if (typeof facts === 'string') throw new CliError(`export "${args.exportName}" of ${args.module} is not a shardline handler: ${facts}`);
  const plan = planEventSourceMapping(facts, args.settings);
  for (const warning of plan.warnings) io.err(`warning: ${warning.message} [${warning.code}]`);
  if (plan.errors.length > 0) {
    throw new CliError(`refused, the mapping would not fit the handler:\n${plan.errors.map((finding) => `- ${finding.message} [${finding.code}]`).join('\n')}`);
  }
  const template = args.format === 'sam' ? samTemplate(args, plan) : cloudFormationTemplate(args, plan);
  if (args.json) {
    io.out(toJson(template));
    return 0;
  }
  io.out(
    `${header(args, facts, plan)
      .map((line) => `# ${line}`)
      .join('\n')}\n${toYaml(template)}`,
  );
  return 0;
}

function header(args: TemplateArgs, facts: HandlerFacts, plan: MappingPlan): string[] {
  const lines = [`shardline template ${args.module} (export ${args.exportName}): settings checked against its routes and options.`];
  const minimum = Math.ceil(minimumTimeoutMs(facts.options.deadlineMarginMs) / 1000);
  if (args.format === 'cloudformation') {
    lines.push(
      `The function (ConsumerFunction) needs Timeout: ${plan.timeoutSeconds} (at least ${minimum} for deadlineMarginMs ${facts.options.deadlineMarginMs}).`,
    );
  }
  if (plan.tumblingWindowSeconds !== undefined) {
    const method = (kind: string) => facts.routes.find((route) => route.kind === kind);
    const [reduce, end] = [method('window-reduce'), method('window-end')];
    if (reduce !== undefined && end !== undefined)
      lines.push(
        `TumblingWindowInSeconds: ${plan.tumblingWindowSeconds}; ${reduce.handler}.${reduce.method} folds each window of a shard, ${end.handler}.${end.method} receives its final state.`,
      );
  }
  if (plan.filters.length > 0)
    lines.push(
      `FilterCriteria: payload types of the routes, at ${[...new Set(facts.routes.flatMap((r) => (r.kind === 'record' && r.discriminator ? [r.discriminator] : [])))].join(', ')}.`,
    );
  return lines;
}

/** The mapping's properties: named the same in SAM's Kinesis event and in AWS::Lambda::EventSourceMapping. */
function mappingProperties(args: TemplateArgs, plan: MappingPlan): Record<string, Json> {
  return {
    StartingPosition: plan.startingPosition,
    ...(plan.startingPositionTimestamp !== undefined && { StartingPositionTimestamp: plan.startingPositionTimestamp }),
    BatchSize: plan.batchSize,
    ...(plan.maxBatchingWindowSeconds > 0 && { MaximumBatchingWindowInSeconds: plan.maxBatchingWindowSeconds }),
    ...(plan.retryAttempts !== undefined && { MaximumRetryAttempts: plan.retryAttempts }),
    ...(plan.maxRecordAgeSeconds !== undefined && { MaximumRecordAgeInSeconds: plan.maxRecordAgeSeconds }),
    BisectBatchOnFunctionError: plan.bisectBatchOnError,
    ParallelizationFactor: plan.parallelizationFactor,
    ...(plan.tumblingWindowSeconds !== undefined && { TumblingWindowInSeconds: plan.tumblingWindowSeconds }),
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ...(plan.filters.length > 0 && { FilterCriteria: { Filters: plan.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) } }),
    ...(args.onFailureArn !== undefined && { DestinationConfig: { OnFailure: { Destination: args.onFailureArn } } }),
  };
}

function streamArn(args: TemplateArgs): Json {
  return args.streamArn ?? { 'Fn::GetAtt': ['Stream', 'Arn'] };
}

function samTemplate(args: TemplateArgs, plan: MappingPlan): Json {
  const name = basename(args.module, extname(args.module));
  const mapping = mappingProperties(args, plan);
  // SAM adds the destination's send permission when it knows the destination's type.
  const type = args.onFailureArn === undefined ? undefined : /^arn:[^:]+:(sqs|sns):/.exec(args.onFailureArn)?.[1];
  if (type !== undefined) mapping.DestinationConfig = { OnFailure: { Type: type.toUpperCase(), Destination: args.onFailureArn as string } };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: {
      Consumer: {
        Type: 'AWS::Serverless::Function',
        Properties: {
          CodeUri: '.',
          Handler: `${name}.${args.exportName}`,
          Runtime: 'nodejs22.x',
          Timeout: plan.timeoutSeconds,
          Events: { Stream: { Type: 'Kinesis', Properties: { Stream: streamArn(args), ...mapping } } },
        },
        Metadata: {
          BuildMethod: 'esbuild',
          BuildProperties: { EntryPoints: [args.module], External: ['@aws-sdk/*'], Minify: true, Sourcemap: true, Target: 'node22' },
        },
      },
    },
  };
}

function cloudFormationTemplate(args: TemplateArgs, plan: MappingPlan): Json {
  return {
    Resources: {
      ConsumerEventSourceMapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { Ref: 'ConsumerFunction' }, EventSourceArn: streamArn(args), ...mappingProperties(args, plan) },
      },
    },
  };
}

/**
 * YAML for the plain data of a template: block mappings and sequences, strings plain where YAML
 * reads them back as the same string, quoted (JSON style, which YAML accepts) otherwise.
 *
 * @example
 * toYaml({ BatchSize: 100, FunctionResponseTypes: ['ReportBatchItemFailures'] });
 */
export function toYaml(value: Json, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    // An object in a list starts on the dash's line: `- Pattern: ...`.
    return value
      .map((item) => (isMapping(item) ? `${indent}- ${toYaml(item, `${indent}  `).slice(indent.length + 2)}` : `${indent}-${block(item, `${indent}  `, ' ')}`))
      .join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}\n';
    return entries.map(([key, item]) => `${indent}${scalar(key)}:${block(item, `${indent}  `, ' ')}`).join('');
  }
  return `${scalar(value)}\n`;
}

function isMapping(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

/** A value after `key:` or `-`: inline when scalar, else on the following lines. */
function block(value: Json, indent: string, space: string): string {
  if (typeof value === 'object' && value !== null && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0)) {
    return `\n${toYaml(value, indent)}`;
  }
  return `${space}${toYaml(value, indent)}`;
}

const PLAIN = /^[A-Za-z_/.][A-Za-z0-9_./:@*=-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return PLAIN.test(value) && !RESERVED.test(value) && !value.includes(': ') && !value.endsWith(':') ? value : JSON.stringify(value);
}
