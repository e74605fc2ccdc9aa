import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsNumber, IsString, ValidateNested } from 'class-validator';
import { createHandler, OnInvalid, OnRecord, PayloadType, RecordValidationError, StreamHandler, type RecordError } from 'shardline';
import { kinesisEvent } from 'shardline/testing';
import { EventBridgeEvent } from 'shardline/eventbridge';
import { captureLogger, silentLogger } from '../../support/capture-logger';
import { eventBridgeEc2StateChange, eventBridgeOrderPlaced } from './aws-samples';

class OrderPlacedDetail {
  @IsString() orderId!: string;
  @IsNumber() total!: number;
}

/** The pattern the TSDoc shows: a subclass names its detail-type and types its detail. */
@PayloadType('OrderPlaced')
class OrderPlaced extends EventBridgeEvent<OrderPlacedDetail> {
  @ValidateNested() @Type(() => OrderPlacedDetail) declare detail: OrderPlacedDetail;
}

/** A route naming the detail-type of an undecorated subclass. */
class InstanceStateChange extends EventBridgeEvent<{ 'instance-id': string; state: string }> {}

function busHandler() {
  const seen: Array<[string, EventBridgeEvent<object>]> = [];
  const invalid: RecordError[] = [];
  @StreamHandler()
  class Bus {
    @OnRecord(OrderPlaced)
    placed(event: OrderPlaced) {
      seen.push(['placed', event]);
    }
    @OnRecord({ type: 'EC2 Instance State-change Notification', payload: InstanceStateChange })
    ec2(event: InstanceStateChange) {
      seen.push(['ec2', event]);
    }
    @OnRecord({ type: 'OrderShipped', payload: EventBridgeEvent })
    shipped(event: EventBridgeEvent) {
      seen.push(['shipped', event]);
    }
    @OnInvalid()
    quarantine(error: RecordError) {
      invalid.push(error);
    }
  }
  const logger = captureLogger();
  return { handler: createHandler([Bus], { logger }), seen, invalid, logger };
}

describe('EventBridge events delivered to Kinesis, through createHandler', () => {
  it('routes each event by its detail-type to the route of its class', async () => {
    const { handler, seen } = busHandler();
    const shipped = { ...eventBridgeOrderPlaced({ orderId: 'o-42' }), 'detail-type': 'OrderShipped' };

    await handler(kinesisEvent([{ data: eventBridgeOrderPlaced() }, { data: eventBridgeEc2StateChange() }, { data: shipped }]));

    expect(seen.map(([route, event]) => [route, event['detail-type']])).toEqual([
      ['placed', 'OrderPlaced'],
      ['ec2', 'EC2 Instance State-change Notification'],
      ['shipped', 'OrderShipped'],
    ]);
    expect(seen.map(([, event]) => event.constructor)).toEqual([OrderPlaced, InstanceStateChange, EventBridgeEvent]);
  });

  it('validates the typed detail of a subclass and hands it over as an instance', async () => {
    const { handler, seen } = busHandler();

    await handler(kinesisEvent([{ data: eventBridgeOrderPlaced({ orderId: 'o-7', total: 12.5 }) }]));

    const event = seen[0][1] as OrderPlaced;
    expect(event.detail).toBeInstanceOf(OrderPlacedDetail);
    expect(event.detail.total).toBe(12.5);
    expect(event.source).toBe('com.example.orders');
  });

  it('sends an event whose detail breaks its class to @OnInvalid', async () => {
    const { handler, seen, invalid } = busHandler();

    await handler(kinesisEvent([{ data: eventBridgeOrderPlaced({ orderId: 'o-7' }) }]));

    expect(seen).toEqual([]);
    expect(invalid[0]).toBeInstanceOf(RecordValidationError);
    expect(invalid[0].message).toContain('detail.total: total must be a number');
  });

  it('skips an event of a detail-type no route names, and logs its type', async () => {
    const { handler, seen, logger } = busHandler();
    const event = { ...eventBridgeOrderPlaced(), 'detail-type': 'OrderRefunded' };

    const report = await handler.processBatch(kinesisEvent([{ data: event }]));

    expect(seen).toEqual([]);
    expect(report.records.map((r) => r.status)).toEqual(['skipped']);
    expect(logger.entries.filter((e) => e.message === 'payload types of the records that matched no route').map((e) => e.fields?.types)).toEqual([
      { OrderRefunded: 1 },
    ]);
  });

  it('shows detail-type as the discriminator of every EventBridge route', () => {
    const { handler } = busHandler();

    const discriminators = handler.routes.filter((r) => r.kind === 'record').map((r) => r.discriminator);

    expect(discriminators).toEqual(['detail-type', 'detail-type', 'detail-type']);
  });

  it('routes a class that says discriminator detail-type itself, without extending EventBridgeEvent', async () => {
    @PayloadType('OrderPlaced', { discriminator: 'detail-type' })
    class PlacedEnvelope {
      @IsString() source!: string;
    }
    const sources: string[] = [];
    @StreamHandler()
    class Standalone {
      @OnRecord(PlacedEnvelope)
      placed(event: PlacedEnvelope) {
        sources.push(event.source);
      }
    }
    const handler = createHandler([Standalone], { logger: silentLogger });

    await handler(kinesisEvent([{ data: eventBridgeOrderPlaced() }]));

    expect(sources).toEqual(['com.example.orders']);
  });

  it('routes EventBridge events next to records routed by the handler discriminator', async () => {
    const calls: string[] = [];
    @StreamHandler()
    class Mixed {
      @OnRecord('order.created')
      created() {
        calls.push('order.created');
      }
      @OnRecord(OrderPlaced)
      placed() {
        calls.push('OrderPlaced');
      }
    }
    const handler = createHandler([Mixed], { logger: silentLogger });

    await handler(kinesisEvent([{ data: { type: 'order.created' } }, { data: eventBridgeOrderPlaced() }]));

    expect(calls).toEqual(['order.created', 'OrderPlaced']);
  });
});
