import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';

export const MAX_PAGE_SIZE = 100;

export class ListOrdersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ description: "Admins only: list every shopper's orders (default: your own)." })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({
    description: 'Admins only: the orders of this user.',
    pattern: '^[0-9a-f]{24}$',
    maxLength: 24,
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{24}$/, { message: 'userId must be a 24-character hexadecimal id' })
  userId?: string;

  @ApiPropertyOptional({
    description: 'The order with this number.',
    example: 'ORD-250101-7KQ2M9XH',
    pattern: '^ORD-\\d{6}-[0-9A-Z]{8}$',
    maxLength: 19,
  })
  @IsOptional()
  @Matches(/^ORD-\d{6}-[0-9A-Z]{8}$/, { message: 'number must look like ORD-250101-7KQ2M9XH' })
  number?: string;
}
