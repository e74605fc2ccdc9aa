import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { OrdersStack } from './orders-stack';

describe('the orders CDK app', () => {
  // Bundling is skipped (the construct's own tests run esbuild); the handler is still loaded and checked.
  const stack = new OrdersStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'ShardlineOrders');
  const template = Template.fromStack(stack);

  it('consumes the stream with the settings the orders handler needs', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 500,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 2,
      BisectBatchOnFunctionError: false,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Timeout: 60, MemorySize: 512 });
  });

  it('alarms when the consumer falls five minutes behind', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Threshold: 300_000 });
  });

  it('synthesizes without a warning', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('reads the routes of the orders handler', () => {
    expect(stack.consumer.handlerFacts.routes.map((route) => `${route.handler}.${route.method}`)).toEqual([
      'Orders.created',
      'Orders.cancelled',
      'Orders.quarantine',
    ]);
  });
});
