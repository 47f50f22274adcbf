import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, NotEquals } from 'class-validator';
import { Optional } from '@app/validation';
import { MAX_STOCK } from './create-product.dto';

/** Exactly one of `set` (a new absolute level) or `increment` (positive adds, negative removes). */
export class AdjustStockDto {
  @ApiPropertyOptional({ description: 'New stock level.', example: 40, minimum: 0, maximum: MAX_STOCK })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  set?: number;

  @ApiPropertyOptional({
    description: 'Change to apply; a decrement larger than the stock is refused with 409.',
    example: -3,
    minimum: -MAX_STOCK,
    maximum: MAX_STOCK,
  })
  @Optional()
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_STOCK)
  @Max(MAX_STOCK)
  increment?: number;
}
