import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@app/auth';
import { StrictRateLimit } from '@app/rate-limit';
import { ApiAuthenticated, codes, ApiRateLimited, ApiValidationProblem } from '../openapi/api-problems';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { SessionId } from './session-id.decorator';
import { UserView } from './user.view';
import { ApiProblems } from '@app/errors';
import { UsersService } from './users.service';

const ACCOUNT_FORBIDDEN = {
  FORBIDDEN: 'Service tokens have no account.',
  ACCOUNT_DISABLED: 'The account has been disabled.',
};

/** The caller's own account. Service tokens have no account here (403). */
@ApiTags('users')
@ApiAuthenticated()
@Roles('customer', 'admin')
@Controller('users/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s own account' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems(codes(403, ACCOUNT_FORBIDDEN))
  @ApiProblems(codes(404, { USER_NOT_FOUND: 'The account no longer exists.' }))
  me(@CurrentUser() caller: AuthenticatedUser): Promise<UserView> {
    return this.users.profile(caller.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the caller’s display name' })
  @ApiOkResponse({ type: UserView })
  @ApiValidationProblem()
  @ApiProblems(codes(403, ACCOUNT_FORBIDDEN))
  @ApiProblems(codes(404, { USER_NOT_FOUND: 'The account no longer exists.' }))
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
  @ApiValidationProblem()
  @ApiProblems(
    codes(403, {
      ...ACCOUNT_FORBIDDEN,
      CURRENT_PASSWORD_INCORRECT: 'The current password is incorrect.',
    }),
  )
  @ApiProblems(codes(404, { USER_NOT_FOUND: 'The account no longer exists.' }))
  @ApiRateLimited()
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @SessionId() sessionId: string | undefined,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.users.changePassword(caller.id, sessionId, body);
  }
}
