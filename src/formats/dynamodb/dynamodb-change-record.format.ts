/**
 * The records Kinesis Data Streams for DynamoDB writes: one JSON change record per item-level
 * change of the table, its images in DynamoDB JSON.
 *
 * Fields are `declare`d: class-transformer fills them from the payload, and a declared field is
 * never emitted, so an optional field the payload lacks stays absent (not an own `undefined`)
 * whatever the compiler's `useDefineForClassFields` says.
 */
import { Type } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsNumber, IsOptional, IsString, registerDecorator, ValidateNested } from 'class-validator';
import { PayloadType } from '../../decorators/payload-type.decorator.js';
import { errorName } from '../../records/redact-error.js';
import { checkDynamoDBImage, unmarshallImage, type DynamoDBImage } from './attribute-value.js';

/**
 * The values of `eventName`: what happened to the item.
 *
 * @example
 * if (change.eventName === DynamoDBEventName.remove) await search.delete(change.keys);
 */
export const DynamoDBEventName = { insert: 'INSERT', modify: 'MODIFY', remove: 'REMOVE' } as const;
export type DynamoDBEventName = (typeof DynamoDBEventName)[keyof typeof DynamoDBEventName];

/**
 * Valid DynamoDB JSON that `unmarshall` converts; the reason names the first bad attribute. The
 * check above rules out what `unmarshall` is known to throw for; should it throw anyway, only the
 * error's name is said: its messages quote values.
 */
function imageProblem(value: unknown): string | undefined {
  const problem = checkDynamoDBImage(value);
  if (problem !== undefined) return problem;
  try {
    unmarshallImage(value as DynamoDBImage);
    return undefined;
  } catch (error) {
    return `it cannot be unmarshalled (${errorName(error)})`;
  }
}

function IsDynamoDBImage(): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isDynamoDBImage',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => imageProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'image'} is not valid DynamoDB JSON: ${imageProblem(args?.value)}`,
      },
    });
  };
}

/**
 * Who made the change. Only set (to `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`)
 * when Time to Live deleted the item; `null` or absent otherwise.
 *
 * @example
 * const expired = change.userIdentity?.principalId === 'dynamodb.amazonaws.com';
 */
export class DynamoDBUserIdentity {
  @IsString() declare type: string;
  @IsString() declare principalId: string;
}

/**
 * The `dynamodb` part of a change record: the item's keys and images, in DynamoDB JSON.
 *
 * @example
 * const pk = change.dynamodb.Keys.pk; // { S: 'order#42' }
 */
export class DynamoDBChangeData {
  /** When the change happened, in epoch milliseconds (microseconds when the table's stream is set to MICROSECOND precision). */
  @IsNumber() declare ApproximateCreationDateTime: number;
  /** The primary key attributes of the item. */
  @IsDynamoDBImage() declare Keys: DynamoDBImage;
  /** The item after the change: for INSERT and MODIFY. */
  @IsOptional() @IsDynamoDBImage() declare NewImage?: DynamoDBImage;
  /** The item before the change: for MODIFY and REMOVE. */
  @IsOptional() @IsDynamoDBImage() declare OldImage?: DynamoDBImage;
  /** Size of the change record, in bytes. */
  @IsNumber() declare SizeBytes: number;
}

/**
 * A change of a DynamoDB item, as Kinesis Data Streams for DynamoDB writes it to the stream, with
 * the shape AWS documents: `awsRegion`, `eventID`, `eventName` (`INSERT`, `MODIFY`, `REMOVE`),
 * `userIdentity`, `recordFormat`, `tableName`, `dynamodb` (`Keys`, `NewImage`, `OldImage` in
 * DynamoDB JSON) and `eventSource: 'aws:dynamodb'`, by which it is recognised.
 *
 * The images are also plain objects: `keys`, `newItem` and `oldItem` are unmarshalled by the AWS
 * SDK's `unmarshall` (from `@aws-sdk/util-dynamodb`, which this module needs installed), once per
 * record. Validation checks that every image is DynamoDB JSON that unmarshalls, so a malformed one
 * goes to `@OnInvalid` and the getters never throw. The item type `TItem` is not validated: it is
 * what you say the table holds. An image with an attribute named `constructor` goes to
 * `@OnInvalid` too, as a `RecordValidationError`: class-transformer cannot copy such a key (route
 * those tables without the class and call `unmarshallImage` yourself).
 *
 * Route all changes by class, or narrow with a discriminator of your own:
 * `@OnRecord({ type: 'REMOVE', discriminator: 'eventName', payload: DynamoDBChangeRecord })`, or
 * `discriminator: 'tableName'` for one table of several streaming into one Kinesis stream.
 *
 * @example
 * import { DynamoDBChangeRecord } from 'shardline/dynamodb';
 *
 * interface Order { pk: string; status: string; total: number }
 *
 * \@StreamHandler()
 * class OrderChanges {
 *   \@OnRecord(DynamoDBChangeRecord)
 *   async changed(change: DynamoDBChangeRecord<Order>) {
 *     if (change.eventName === 'REMOVE') return search.delete(change.keys.pk as string);
 *     await search.index(change.newItem!); // { pk: 'order#42', status: 'paid', total: 19.99 }
 *   }
 * }
 */
@PayloadType('aws:dynamodb', { discriminator: 'eventSource' })
export class DynamoDBChangeRecord<TItem extends object = Record<string, unknown>> {
  @IsString() declare awsRegion: string;
  /** Unique per change record. */
  @IsString() declare eventID: string;
  @IsIn(Object.values(DynamoDBEventName)) declare eventName: DynamoDBEventName;
  @IsOptional() @ValidateNested() @Type(() => DynamoDBUserIdentity) declare userIdentity?: DynamoDBUserIdentity | null;
  /** `'application/json'`. */
  @IsString() declare recordFormat: string;
  @IsString() declare tableName: string;
  @IsDefined() @ValidateNested() @Type(() => DynamoDBChangeData) declare dynamodb: DynamoDBChangeData;
  @Equals('aws:dynamodb') declare eventSource: 'aws:dynamodb';

  /** The item's primary key attributes, as a plain object. */
  get keys(): Record<string, unknown> {
    return unmarshallImage(this.dynamodb.Keys);
  }

  /** The item after the change, as a plain object; `undefined` for REMOVE. */
  get newItem(): TItem | undefined {
    const image = this.dynamodb.NewImage;
    return image === undefined ? undefined : (unmarshallImage(image) as TItem);
  }

  /** The item before the change, as a plain object; `undefined` for INSERT. */
  get oldItem(): TItem | undefined {
    const image = this.dynamodb.OldImage;
    return image === undefined ? undefined : (unmarshallImage(image) as TItem);
  }
}
