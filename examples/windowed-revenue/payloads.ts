import { IsIn, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import { PayloadType } from 'shardline';

export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** A payment captured for an order, in the minor unit of its currency. */
@PayloadType('order.paid')
export class OrderPaid {
  @IsString() @IsNotEmpty() orderId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsInt() @Min(0) amount!: number;
  @IsIn(CURRENCIES) currency!: Currency;
}

/** Money given back for an order, in the minor unit of its currency. */
@PayloadType('order.refunded')
export class OrderRefunded {
  @IsString() @IsNotEmpty() orderId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsInt() @Min(0) amount!: number;
  @IsIn(CURRENCIES) currency!: Currency;
}
