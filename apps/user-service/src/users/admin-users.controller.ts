import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, PrivilegeCheck, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { ApiProblems } from '@app/errors';
import { INVALID_INPUT, LAST_ADMIN, NEEDS_ROLE, OWN_ACCESS_CHANGE, USER_NOT_FOUND } from '../openapi/api-problems';
import { AdminUsersService } from './admin-users.service';
import { AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UserPageView } from './user-page.view';
import { AdminUserView, UserView } from './user.view';

const USER_ID = ApiObjectIdParam('id', 'User id (24 hex characters).', '65a0000000000000000000aa');

@ApiTags('users (admin)')
@ApiBearerAuth()
// What @PrivilegeCheck() adds (401 SESSION_REVOKED, 503 PRIVILEGE_CHECK_UNAVAILABLE) it documents itself.
@ApiProblems(NEEDS_ROLE)
@Roles('admin')
@PrivilegeCheck()
@Controller('users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List and search accounts, newest first (admin)' })
  @ApiOkResponse({ type: UserPageView })
  @ApiProblems(INVALID_INPUT)
  list(@Query() query: ListUsersQuery): Promise<UserPageView> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (admin)' })
  @USER_ID
  @ApiOkResponse({ type: AdminUserView })
  @ApiProblems(INVALID_INPUT, USER_NOT_FOUND)
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<AdminUserView> {
    return this.admin.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, disable or enable an account (admin)' })
  @USER_ID
  @ApiOkResponse({ type: UserView })
  @ApiProblems(INVALID_INPUT, USER_NOT_FOUND, OWN_ACCESS_CHANGE, LAST_ADMIN)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: AdminUpdateUserDto,
  ): Promise<UserView> {
    return this.admin.update(caller.id, id, body);
  }
}
