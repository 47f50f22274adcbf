import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQuery } from '@app/pagination';
import { Optional, QueryBoolean, QueryInteger, QueryList, Trim } from '@app/validation';
import { CATEGORY_PATTERN, MAX_PRICE, TAG_PATTERN } from './create-product.dto';

/** The catalog's deepest page (README): a larger `page` is a 400. */
export const MAX_PAGE = 1_000;
export const SORT_FIELDS = ['relevance', 'price', 'name', 'newest'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** The filters of GET /products. */
class ProductFilters {
  @ApiPropertyOptional({ description: 'Full-text search over name, tags and description.', maxLength: 100 })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'apparel', maxLength: 100, pattern: CATEGORY_PATTERN.source })
  @Optional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Matches(CATEGORY_PATTERN, { message: 'category is not a valid category' })
  category?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Comma-separated, at most 10; a product matches when it has any of them.',
    example: 'cotton,organic',
    maxLength: 500,
  })
  @Optional()
  @QueryList((tag) => tag.toLowerCase())
  @ArrayMaxSize(10)
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-40 letters, digits, spaces or dashes' })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Minimum price in minor units.', minimum: 0, maximum: MAX_PRICE })
  @Optional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  minPrice?: number;

  @ApiPropertyOptional({ description: 'Maximum price in minor units.', minimum: 0, maximum: MAX_PRICE })
  @Optional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  maxPrice?: number;

  @ApiPropertyOptional({ example: 'EUR', pattern: '^[A-Z]{3}$', maxLength: 3 })
  @Optional()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an upper-case ISO 4217 code' })
  @IsISO4217CurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ description: '`true`: only products in stock; `false`: only those sold out.' })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({
    enum: SORT_FIELDS,
    description: 'Default: `relevance` when `q` is given, else `newest`.',
  })
  @Optional()
  @IsIn(SORT_FIELDS)
  sort?: SortField;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description: 'Default: `desc` for newest and relevance, `asc` for price and name.',
  })
  @Optional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/**
 * GET /products query string: the filters, then `page` (1-1000) and `pageSize`. A page size over the maximum
 * or a page beyond MAX_PAGE is a 400, never silently clamped.
 */
export class ListProductsQuery extends IntersectionType(ProductFilters, PageQuery({ maxPage: MAX_PAGE })) {}
