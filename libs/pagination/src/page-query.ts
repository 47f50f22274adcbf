import { type Type } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `pageSize` when the client sends none. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest `pageSize` of every list endpoint; response DTOs bound `items` with it (`maxItems`). */
export const MAX_PAGE_SIZE = 100;

/** The paging parameters of a list endpoint's query string, after validation. */
export interface PageParams {
  page?: number;
  pageSize?: number;
}

export interface PageQueryOptions {
  /** The largest `page` accepted. Above it (like a `pageSize` over MAX_PAGE_SIZE) is a 400, never clamped. */
  maxPage: number;
}

/**
 * Query strings are text: an optional minus and 1-15 digits become a number; anything else (`5.0`, `1e2`,
 * ` 5`, `0x10`, empty) stays text, so `IsInt`, `Min` and `Max` reject it by name instead of `Number()`
 * quietly reading `0x10` as 16 or the empty string as 0.
 */
const digitsToNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );

/**
 * The validated, documented `page` (1-based, default 1) and `pageSize` (1 to MAX_PAGE_SIZE, default 20) of a
 * list endpoint. A service combines it with its own filters, in the order its parameters are documented and
 * its `errors[]` are reported:
 *
 * ```ts
 * // page and pageSize first (in the document and in errors[]), then the filters:
 * export class ListThingsQuery extends IntersectionType(PageQuery({ maxPage: 1_000 }), ThingFilters) {}
 * ```
 *
 * `IntersectionType` (not `extends PageQuery(...)`) because inheritance puts a base class's parameters first
 * in the OpenAPI document but last in `errors[]`; composition keeps both in the order written.
 */
export function PageQuery(options: PageQueryOptions): Type<PageParams> {
  class PageQueryParams implements PageParams {
    @ApiPropertyOptional({ minimum: 1, maximum: options.maxPage, default: 1 })
    @IsOptional()
    @digitsToNumber()
    @IsInt()
    @Min(1)
    @Max(options.maxPage)
    page?: number;

    @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
    @IsOptional()
    @digitsToNumber()
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    pageSize?: number;
  }

  return PageQueryParams;
}
