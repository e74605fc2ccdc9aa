import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsNotEmpty, IsNumber, IsPositive, IsString, Min, ValidateNested } from 'class-validator';
import { PayloadType } from 'shardline';

export class OrderLine {
  @IsString() @IsNotEmpty() sku!: string;
  @IsInt() @IsPositive() quantity!: number;
  @IsNumber() @Min(0) unitPrice!: number;
}

@PayloadType('order.created')
export class OrderCreated {
  @IsString() @IsNotEmpty() orderId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsNumber() @Min(0) total!: number;
  @ValidateNested({ each: true }) @ArrayMinSize(1) @Type(() => OrderLine) lines!: OrderLine[];
}

@PayloadType('order.cancelled')
export class OrderCancelled {
  @IsString() @IsNotEmpty() orderId!: string;
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() reason!: string;
}
