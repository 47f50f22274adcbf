import { Module } from '@nestjs/common';
import { PasswordsModule } from '../passwords/passwords.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthMetrics } from './auth.metrics';
import { LoginThrottle } from './login-throttle';
import { LoginService } from './login.service';
import { RefreshService } from './refresh.service';
import { TokenIssuer } from './token-issuer';

/** Registration, login, refresh and logout under /api/v1/auth. */
@Module({
  imports: [UsersModule, SessionsModule, PasswordsModule, TokensModule],
  controllers: [AuthController],
  providers: [LoginService, RefreshService, TokenIssuer, LoginThrottle, AuthMetrics],
})
export class AuthModule {}
