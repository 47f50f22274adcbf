import { Global, Module } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthGuard } from './auth.guard';
import { RequestAuthenticator } from './request-authenticator';

/** Token verification for every service; the guard itself is registered globally by the service kit. */
@Global()
@Module({
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => new AccessTokenVerifier(config.auth),
    },
    RequestAuthenticator,
    AuthGuard,
  ],
  exports: [AccessTokenVerifier, RequestAuthenticator, AuthGuard],
})
export class AuthModule {}
