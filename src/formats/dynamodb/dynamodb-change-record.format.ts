/**
 * The records Kinesis Data Streams for DynamoDB writes: one JSON change record per item-level
 * change of the table, its images in DynamoDB JSON.
 */
import { Type } from 'class-transformer';
import { Equals, IsDefined, IsIn, IsNumber, IsOptional, IsString, registerDecorator, ValidateNested } from 'class-validator';
import { PayloadType } from '../../decorators/payload-type.decorator.js';
import { checkDynamoDBImage, unmarshallImage, type DynamoDBImage } from './attribute-value.js';

/**
 * The values of `eventName`: what happened to the item.
 *
 * @example
 * if (change.eventName === DynamoDBEventName.remove) await search.delete(change.keys);
 */
export const DynamoDBEventName = { insert: 'INSERT', modify: 'MODIFY', remove: 'REMOVE' } as const;
export type DynamoDBEventName = (typeof DynamoDBEventName)[keyof typeof DynamoDBEventName];

/** Valid DynamoDB JSON that `unmarshall` converts; the reason names the first bad attribute. */
function imageProblem(value: unknown): string | undefined {
  const problem = checkDynamoDBImage(value);
  if (problem !== undefined) return problem;
  try {
    unmarshallImage(value as DynamoDBImage);
    return undefined;
  } catch (error) {
    return `it cannot be unmarshalled: ${error instanceof Error ? error.message : String(error)}`;
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
  @IsString() type!: string;
  @IsString() principalId!: string;
}

/**
 * The `dynamodb` part of a change record: the item's keys and images, in DynamoDB JSON.
 *
 * @example
 * const pk = change.dynamodb.Keys.pk; // { S: 'order#42' }
 */
export class DynamoDBChangeData {
  /** When the change happened, in epoch milliseconds (microseconds when the table's stream is set to MICROSECOND precision). */
  @IsNumber() ApproximateCreationDateTime!: number;
  /** The primary key attributes of the item. */
  @IsDynamoDBImage() Keys!: DynamoDBImage;
  /** The item after the change: for INSERT and MODIFY. */
  @IsOptional() @IsDynamoDBImage() NewImage?: DynamoDBImage;
  /** The item before the change: for MODIFY and REMOVE. */
  @IsOptional() @IsDynamoDBImage() OldImage?: DynamoDBImage;
  /** Size of the change record, in bytes. */
  @IsNumber() SizeBytes!: number;
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
 * what you say the table holds.
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
  @IsString() awsRegion!: string;
  /** Unique per change record. */
  @IsString() eventID!: string;
  @IsIn(Object.values(DynamoDBEventName)) eventName!: DynamoDBEventName;
  @IsOptional() @ValidateNested() @Type(() => DynamoDBUserIdentity) userIdentity?: DynamoDBUserIdentity | null;
  /** `'application/json'`. */
  @IsString() recordFormat!: string;
  @IsString() tableName!: string;
  @IsDefined() @ValidateNested() @Type(() => DynamoDBChangeData) dynamodb!: DynamoDBChangeData;
  @Equals('aws:dynamodb') eventSource!: 'aws:dynamodb';

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
