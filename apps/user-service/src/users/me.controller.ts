import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/auth';
import { ApiProblems } from '@app/errors';
import { StrictRateLimit } from '@app/rate-limit';
import {
  INVALID_INPUT,
  NEEDS_TOKEN,
  OWN_ACCOUNT_PROBLEMS,
  PASSWORD_CHANGE_REFUSED,
  PASSWORD_WORK_BUSY,
  RATE_LIMITED,
} from '../openapi/api-problems';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { SessionId } from './session-id.decorator';
import { UserView } from './user.view';
import { UsersService } from './users.service';

/** The caller's own account. Service tokens have no account here (403). */
@ApiTags('users')
@ApiBearerAuth()
@ApiProblems(NEEDS_TOKEN)
@Roles('customer', 'admin')
@Controller('users/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s own account' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(OWN_ACCOUNT_PROBLEMS)
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserView> {
    return this.users.profile(caller.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the caller’s display name' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(INVALID_INPUT, OWN_ACCOUNT_PROBLEMS)
  update(@CurrentUser() caller: AuthenticatedUser, @Body() body: UpdateProfileDto): Promise<UserView> {
    return this.users.updateProfile(caller.id, body);
  }

  @Post('password')
  @HttpCode(204)
  @StrictRateLimit()
  @ApiOperation({
    summary: 'Change the password (needs the current one)',
    description: 'Every other session of the account is revoked; the caller’s own session stays valid.',
  })
  @ApiNoContentResponse({ description: 'Changed; other sessions are revoked.' })
  @ApiProblems(INVALID_INPUT, PASSWORD_CHANGE_REFUSED, RATE_LIMITED, PASSWORD_WORK_BUSY)
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @SessionId() sessionId: string | undefined,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.users.changePassword(caller.id, sessionId, body);
  }
}
