import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { LoginAttemptLimiter } from './login-attempt-limiter';
import { LoginService } from './login.service';
import { RefreshService } from './refresh.service';
import { TokenIssuer } from './token-issuer';

/** Registration, login, refresh and logout under /api/v1/auth. */
@Module({
  imports: [UsersModule, SessionsModule],
  controllers: [AuthController],
  providers: [LoginService, RefreshService, TokenIssuer, LoginAttemptLimiter],
})
export class AuthModule {}
