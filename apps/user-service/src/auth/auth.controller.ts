import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { StrictRateLimit } from '@app/rate-limit';
import { codes, ApiRateLimited, ApiValidationProblem } from '../openapi/api-problems';
import { UsersService } from '../users/users.service';
import { UserView } from '../users/user.view';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { LoginService } from './login.service';
import { ApiProblems } from '@app/errors';
import { RefreshService } from './refresh.service';

@ApiTags('auth')
@Public()
@ApiValidationProblem()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly logins: LoginService,
    private readonly refreshes: RefreshService,
  ) {}

  @Post('register')
  @StrictRateLimit()
  @ApiOperation({ summary: 'Create a shopper account (always role customer); log in afterwards' })
  @ApiCreatedResponse({ type: UserView })
  @ApiProblems(codes(409, { EMAIL_ALREADY_REGISTERED: 'An account with this email already exists.' }))
  @ApiRateLimited()
  register(@Body() body: RegisterDto): Promise<UserView> {
    return this.users.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @StrictRateLimit()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in with email and password; starts a session (access and refresh token)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(
    codes(401, {
      INVALID_CREDENTIALS: 'Unknown email, wrong password, or the account is temporarily locked (one answer for all).',
    }),
  )
  @ApiProblems(codes(403, { ACCOUNT_DISABLED: 'The password is right but the account is disabled.' }))
  @ApiProblems(codes(429, { RATE_LIMITED: 'Too many attempts from this address or for this email; see Retry-After.' }))
  login(@Body() body: LoginDto): Promise<TokenResponseDto> {
    return this.logins.login(body);
  }

  @Post('refresh')
  @HttpCode(200)
  @StrictRateLimit()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description: 'Each refresh token works once. Presenting one that was already exchanged revokes the whole session.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(codes(401, { REFRESH_TOKEN_INVALID: 'Unknown, expired, revoked or already used: log in again.' }))
  @ApiProblems(codes(403, { ACCOUNT_DISABLED: 'The account has been disabled.' }))
  @ApiRateLimited()
  refresh(@Body() body: RefreshTokenDto): Promise<TokenResponseDto> {
    return this.refreshes.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token (always 204, also for unknown tokens)' })
  @ApiNoContentResponse({ description: 'The session is revoked.' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.refreshes.logout(body.refreshToken);
  }
}
