import { Body, Controller, Header, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiProblems } from '@app/errors';
import { StrictRateLimit } from '@app/rate-limit';
import {
  EMAIL_TAKEN,
  INVALID_INPUT,
  LOGIN_REFUSED,
  PASSWORD_WORK_BUSY,
  RATE_LIMITED,
  REFRESH_REFUSED,
} from '../openapi/api-problems';
import { UsersService } from '../users/users.service';
import { UserView } from '../users/user.view';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginService } from './login.service';
import { RefreshService } from './refresh.service';
import { TokenView } from './token.view';

@ApiTags('auth')
@Public()
@ApiProblems(INVALID_INPUT)
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
  @ApiProblems(EMAIL_TAKEN, RATE_LIMITED, PASSWORD_WORK_BUSY)
  register(@Body() body: RegisterDto): Promise<UserView> {
    return this.users.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @StrictRateLimit()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in with email and password; starts a session (access and refresh token)' })
  @ApiOkResponse({ type: TokenView })
  @ApiProblems(LOGIN_REFUSED, PASSWORD_WORK_BUSY)
  login(@Body() body: LoginDto, @Ip() address: string): Promise<TokenView> {
    return this.logins.login(body, address);
  }

  @Post('refresh')
  @HttpCode(200)
  @StrictRateLimit()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair',
    description: 'Each refresh token works once. Presenting one that was already exchanged revokes the whole session.',
  })
  @ApiOkResponse({ type: TokenView })
  @ApiProblems(REFRESH_REFUSED, RATE_LIMITED)
  refresh(@Body() body: RefreshTokenDto): Promise<TokenView> {
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
