import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { AddCartItemDto, MAX_REQUEST_QUANTITY } from './add-cart-item.dto';

/** An order holds one line per product, and no more lines than a cart can. */
const MAX_ORDER_LINES = 500;

export class OrderedLineDto extends PickType(AddCartItemDto, ['productId'] as const) {
  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_REQUEST_QUANTITY, description: 'The quantity ordered.' })
  @IsInt()
  @Min(1)
  @Max(MAX_REQUEST_QUANTITY)
  quantity: number;
}

/** The lines of a placed order, to take out of the shopper's cart. */
export class ClearOrderedLinesDto {
  @ApiProperty({ type: [OrderedLineDto], minItems: 1, maxItems: MAX_ORDER_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ArrayUnique((line: OrderedLineDto) => line?.productId, { message: 'lines must name each product once' })
  @ValidateNested({ each: true })
  @Type(() => OrderedLineDto)
  lines: OrderedLineDto[];
}
