import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, Matches } from 'class-validator';
import { PageQuery } from '@app/pagination';
import { Optional, QueryBoolean } from '@app/validation';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';

/** The filters of GET /orders. */
class OrderFilters {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @Optional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ description: "Admins only: list every shopper's orders (default: your own)." })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({
    description: 'Admins only: the orders of this user.',
    pattern: '^[0-9a-f]{24}$',
    maxLength: 24,
  })
  @Optional()
  @Matches(/^[0-9a-f]{24}$/, { message: 'userId must be a 24-character hexadecimal id' })
  userId?: string;

  @ApiPropertyOptional({
    description: 'The order with this number.',
    example: 'ORD-250101-7KQ2M9XH',
    pattern: '^ORD-\\d{6}-[0-9A-Z]{8}$',
    maxLength: 19,
  })
  @Optional()
  @Matches(/^ORD-\d{6}-[0-9A-Z]{8}$/, { message: 'number must look like ORD-250101-7KQ2M9XH' })
  number?: string;
}

/**
 * GET /orders query string: `page` (1-10000) and `pageSize` first, then the filters. Numbers are parsed with
 * `Number()` (`5.0` is page 5), as this endpoint always has.
 */
export class ListOrdersQuery extends IntersectionType(PageQuery({ maxPage: 10_000 }), OrderFilters) {}
