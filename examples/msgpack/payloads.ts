import { IsInt, IsNumber, IsString, Max, Min } from 'class-validator';
import { PayloadType } from 'shardline';

/** A temperature reading a device sends, MessagePack-encoded, every few seconds. */
@PayloadType('reading')
export class Reading {
  @IsString() deviceId!: string;
  @IsNumber() @Min(-90) @Max(150) celsius!: number;
  /** Epoch milliseconds, on the device's clock. */
  @IsInt() at!: number;
}
