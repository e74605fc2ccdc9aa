/**
 * EventBridge events that a rule delivers to a Kinesis stream (target input: the whole event, the
 * default), one JSON event per record.
 *
 * Fields are `declare`d: class-transformer fills them from the payload, and a declared field is
 * never emitted, so an optional field the payload lacks stays absent (not an own `undefined`)
 * whatever the compiler's `useDefineForClassFields` says.
 */
import { IsArray, IsISO8601, IsObject, IsOptional, IsString } from 'class-validator';
import { PayloadType } from '../../decorators/payload-type.decorator.js';

/**
 * An EventBridge event, with the shape AWS documents: `version`, `id`, `detail-type`, `source`,
 * `account`, `time`, `region`, `resources` and `detail`.
 *
 * It is a base class: events are recognised by `detail-type`, and each kind of event is its own
 * subclass that names its `detail-type` and types (and validates) its `detail`. Subclasses inherit
 * the `detail-type` discriminator, so `@PayloadType('OrderPlaced')` is enough, and
 * `@OnRecord({ type: 'OrderPlaced', payload: OrderPlaced })` works without any `@PayloadType`.
 * `@OnRecord(EventBridgeEvent)` on its own is a definition error: it names no `detail-type`.
 *
 * @example
 * import { EventBridgeEvent } from 'shardline/eventbridge';
 *
 * class OrderPlacedDetail {
 *   \@IsString() orderId!: string;
 *   \@IsNumber() total!: number;
 * }
 *
 * \@PayloadType('OrderPlaced') // the 'detail-type' of the events, inherited as the discriminator
 * class OrderPlaced extends EventBridgeEvent<OrderPlacedDetail> {
 *   \@ValidateNested() \@Type(() => OrderPlacedDetail) declare detail: OrderPlacedDetail;
 * }
 *
 * \@StreamHandler()
 * class Orders {
 *   \@OnRecord(OrderPlaced)
 *   placed(event: OrderPlaced) {
 *     console.log(event.source, event.detail.orderId);
 *   }
 *
 *   // Any detail-type, without a subclass: the detail stays a plain object.
 *   \@OnRecord({ type: 'OrderShipped', payload: EventBridgeEvent })
 *   shipped(event: EventBridgeEvent<{ orderId: string }>) {}
 * }
 */
@PayloadType({ discriminator: 'detail-type' })
export class EventBridgeEvent<TDetail extends object = Record<string, unknown>> {
  /** `'0'` in every event so far. */
  @IsString() declare version: string;
  /** A version 4 UUID, unique per event. */
  @IsString() declare id: string;
  /** Names the kind of event; with `source`, it says what `detail` holds. The discriminator. */
  @IsString() declare 'detail-type': string;
  /** Who sent the event: `aws.<service>` for AWS services, your own reverse-domain name otherwise. */
  @IsString() declare source: string;
  /** The 12-digit AWS account id the event comes from. */
  @IsString() declare account: string;
  /** When the event happened, as an ISO 8601 timestamp (`2017-12-22T18:43:48Z`). */
  @IsISO8601() declare time: string;
  @IsString() declare region: string;
  /** ARNs of the resources the event is about; often empty. */
  @IsArray() @IsString({ each: true }) declare resources: string[];
  /** The event's own content, a JSON object (possibly `{}`). */
  @IsObject() declare detail: TDetail;
  /** Present on events replayed from an archive: the replay's name. */
  @IsOptional() @IsString() declare 'replay-name'?: string;
}
