import { join } from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { KinesisConsumer } from '@shardline/cdk';
import type { Construct } from 'constructs';

/**
 * The orders example deployed: an encrypted stream, the consumer, a queue for the batches Lambda
 * gives up on, and an alarm when the consumer falls behind.
 */
export class OrdersStack extends Stack {
  readonly consumer: KinesisConsumer;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const stream = new kinesis.Stream(this, 'Orders', { shardCount: 4, encryption: kinesis.StreamEncryption.MANAGED });
    const failures = new sqs.Queue(this, 'OrderFailures', { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.SQS_MANAGED });

    this.consumer = new KinesisConsumer(this, 'OrdersConsumer', {
      stream,
      entry: join(__dirname, '../orders/handler.ts'),
      batchSize: 500,
      retryAttempts: 10,
      maxRecordAge: Duration.days(1),
      // The handler orders by customer (ordering: 'partition-key'), so two batches of a shard may run at once.
      parallelizationFactor: 2,
      onFailure: failures,
      iteratorAgeAlarm: { threshold: Duration.minutes(5) },
      // No filters: invalid orders go to Orders.quarantine, and a data filter would drop them unseen.
      functionProps: { memorySize: 512 },
    });
  }
}
