import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_REQUEST_QUANTITY } from './add-cart-item.dto';

export class SetCartItemQuantityDto {
  @ApiProperty({
    example: 3,
    minimum: 1,
    maximum: MAX_REQUEST_QUANTITY,
    description: 'The line’s new quantity. To remove a line, DELETE it.',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_QUANTITY)
  quantity: number;
}
