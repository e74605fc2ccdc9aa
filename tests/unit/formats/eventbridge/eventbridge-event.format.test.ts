import { Type } from 'class-transformer';
import { IsNumber, IsString, ValidateNested } from 'class-validator';
import { EventBridgeEvent } from '../../../../src/formats/eventbridge';
import { eventBridgeEc2StateChange, eventBridgeOrderPlaced } from '../../../e2e/formats/aws-samples';
import { validateAs, validationErrorOf } from '../validate';

class OrderPlacedDetail {
  @IsString() orderId!: string;
  @IsNumber() total!: number;
}

class OrderPlaced extends EventBridgeEvent<OrderPlacedDetail> {
  @ValidateNested() @Type(() => OrderPlacedDetail) declare detail: OrderPlacedDetail;
}

describe('EventBridgeEvent', () => {
  it('validates the documented EC2 state-change event, detail-type included', () => {
    const event = validateAs(EventBridgeEvent, eventBridgeEc2StateChange());

    expect(event).toBeInstanceOf(EventBridgeEvent);
    expect(event['detail-type']).toBe('EC2 Instance State-change Notification');
    expect(event.detail).toEqual({ 'instance-id': 'i-1234567890abcdef0', state: 'terminated' });
  });

  it('accepts the replay-name of a replayed event', () => {
    const event = validateAs(EventBridgeEvent, { ...eventBridgeEc2StateChange(), 'replay-name': 'replay_archive' });

    expect(event['replay-name']).toBe('replay_archive');
  });

  it('rejects a time that is not an ISO 8601 timestamp', () => {
    const error = validationErrorOf(EventBridgeEvent, { ...eventBridgeEc2StateChange(), time: 'yesterday' });

    expect(error.errors.map((e) => e.property)).toEqual(['time']);
  });

  it('rejects an event whose detail is not an object', () => {
    const error = validationErrorOf(EventBridgeEvent, { ...eventBridgeEc2StateChange(), detail: 'terminated' });

    expect(error.message).toContain('detail: detail must be an object');
  });

  it('rejects an event without detail-type', () => {
    const event: Record<string, unknown> = eventBridgeEc2StateChange();
    delete event['detail-type'];

    const error = validationErrorOf(EventBridgeEvent, event);

    expect(error.errors.map((e) => e.property)).toEqual(['detail-type']);
  });

  it('validates the typed detail of a subclass as a nested instance', () => {
    const event = validateAs(OrderPlaced, eventBridgeOrderPlaced());

    expect(event.detail).toBeInstanceOf(OrderPlacedDetail);
    expect(event.detail.total).toBe(19.99);
  });

  it('rejects a subclass event whose detail breaks the detail class', () => {
    const error = validationErrorOf(OrderPlaced, eventBridgeOrderPlaced({ orderId: 'o-42', total: 'a lot' }));

    expect(error.message).toContain('detail.total: total must be a number');
  });
});
