import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsMongoId,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const RESERVATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class ReservationLineDto {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4b', pattern: '^[0-9a-fA-F]{24}$', maxLength: 24 })
  @IsMongoId({ message: 'productId must be a 24-character hexadecimal id' })
  productId: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000, format: 'int32' })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

export class CreateReservationDto {
  @ApiProperty({
    description: 'The order id: the same id again returns the same reservation and never holds stock twice.',
    example: '65a1b2c3d4e5f60718293a4f',
    pattern: RESERVATION_ID_PATTERN.source,
    maxLength: 64,
  })
  @IsString()
  @Matches(RESERVATION_ID_PATTERN, { message: 'reservationId must be 1-64 letters, digits, _ or -' })
  reservationId: string;

  @ApiProperty({ type: [ReservationLineDto], minItems: 1, maxItems: 100, description: 'A product at most once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique((line: ReservationLineDto) => String(line?.productId).toLowerCase(), {
    message: 'a product may appear in at most one line',
  })
  @ValidateNested({ each: true })
  @Type(() => ReservationLineDto)
  lines: ReservationLineDto[];
}
