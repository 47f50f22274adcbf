import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { ApiAuthenticated, codes, ApiValidationProblem } from '../openapi/api-problems';
import { AdminUsersService } from './admin-users.service';
import { AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UserPageDto } from './dto/user-page.dto';
import { ApiProblems } from '@app/errors';
import { UserView } from './user.view';

const USER_ID = ApiObjectIdParam('id', 'User id (24 hex characters).', '65a0000000000000000000aa');

@ApiTags('users (admin)')
@ApiAuthenticated(true)
@Roles('admin')
@Controller('users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List and search accounts, newest first (admin)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiValidationProblem()
  list(@Query() query: ListUsersQuery): Promise<UserPageDto> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (admin)' })
  @USER_ID
  @ApiOkResponse({ type: UserView })
  @ApiValidationProblem()
  @ApiProblems(codes(404, { USER_NOT_FOUND: 'No such user.' }))
  get(@Param('id', ParseObjectIdPipe) id: string): Promise<UserView> {
    return this.admin.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change roles, disable or enable an account (admin)' })
  @USER_ID
  @ApiOkResponse({ type: UserView })
  @ApiValidationProblem()
  @ApiProblems(codes(404, { USER_NOT_FOUND: 'No such user.' }))
  @ApiProblems(codes(409, { CANNOT_CHANGE_OWN_ACCESS: 'Admins cannot demote or disable themselves.' }))
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: AdminUpdateUserDto,
  ): Promise<UserView> {
    return this.admin.update(caller.id, id, body);
  }
}
