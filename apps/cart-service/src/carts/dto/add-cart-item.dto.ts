import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { LowerCase } from '@app/validation';

/** The hard ceiling of any quantity in a request; the configurable per-line limit is checked by the cart. */
export const MAX_REQUEST_QUANTITY = 1000;

export class AddCartItemDto {
  @ApiProperty({ example: '65f0c0ffee0000000000abcd', pattern: '^[0-9a-fA-F]{24}$', minLength: 24, maxLength: 24 })
  @LowerCase()
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'productId must be a 24-character hexadecimal id' })
  productId: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: MAX_REQUEST_QUANTITY, description: 'Added to the line.' })
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_QUANTITY)
  quantity: number;
}
