import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from '@app/auth';
import { PageQuery } from '@app/pagination';
import { QueryBoolean, Trim } from '../../common/normalize';

/** The filters of GET /users. */
class UserFilters {
  @ApiPropertyOptional({
    description: 'Case-insensitive part of the email or display name.',
    example: 'ada',
    maxLength: 100,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;
}

/**
 * GET /users query string: `page` (1-10000) and `pageSize` first, then the filters. Page sizes above the
 * maximum are refused (400), not clamped, so a client never silently gets less. Numbers are parsed with
 * `Number()` (`5.0` is page 5), as this endpoint always has.
 */
export class ListUsersQuery extends IntersectionType(PageQuery({ maxPage: 10_000 }), UserFilters) {}
