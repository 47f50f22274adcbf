import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from '@app/auth';
import { PageQuery } from '@app/pagination';
import { Optional, QueryBoolean, Trim } from '@app/validation';

/** The filters of GET /users. */
class UserFilters {
  @ApiPropertyOptional({
    description: 'Case-insensitive part of the email or display name.',
    example: 'ada',
    maxLength: 100,
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;
}

/**
 * GET /users query string: `page` (1-10000) and `pageSize` first, then the filters. Page sizes above the
 * maximum are refused (400), not clamped, so a client never silently gets less. `active` reads
 * `true`/`false` and `1`/`0`, as every service's query booleans do.
 */
export class ListUsersQuery extends IntersectionType(PageQuery({ maxPage: 10_000 }), UserFilters) {}
