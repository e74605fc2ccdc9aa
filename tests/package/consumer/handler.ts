// The orders example's shape, as a user writes it against the installed package: payload classes
// validated by class-validator, a partition-key route and an @OnInvalid quarantine. Type-checked
// (commonjs and nodenext), bundled with esbuild (ESM and CJS) and run by `npx shardline`.
import 'reflect-metadata';
import { IsNumber, IsString, Min } from 'class-validator';
import { createHandler, OnInvalid, OnPartitionKey, OnRecord, PayloadType, StreamHandler, type RecordContext, type RecordError } from 'shardline';

@PayloadType('order.created')
export class OrderCreated {
  @IsString() orderId!: string;
  @IsNumber() @Min(0) total!: number;
}

@PayloadType('order.cancelled')
export class OrderCancelled {
  @IsString() orderId!: string;
}

/** What the routes did, in order; the bundle runner prints it. */
export const calls: string[] = [];

@StreamHandler()
export class Orders {
  @OnRecord(OrderCreated)
  created(order: OrderCreated): void {
    calls.push(`created ${order.orderId} ${order.total}`);
  }

  @OnRecord(OrderCancelled)
  cancelled(cancel: OrderCancelled): void {
    calls.push(`cancelled ${cancel.orderId}`);
  }

  @OnPartitionKey(/^audit-/)
  audit(_payload: unknown, { record }: RecordContext): void {
    calls.push(`audit ${record.partitionKey}`);
  }

  @OnInvalid()
  quarantine(error: RecordError, { record }: RecordContext): void {
    // A record that cannot be quarantined fails, so Lambda retries it: the docs event's second record.
    if (record.data.toString('utf8').includes('only')) throw new Error(`cannot quarantine ${record.sequenceNumber}`);
    calls.push(`quarantined ${record.partitionKey} ${error.name}`);
  }
}

export const handler = createHandler([Orders]);
