import { Module } from '@nestjs/common';
import { AccessTokenSigner } from './access-token.signer';
import { JwksController } from './jwks.controller';

/** Access-token signing (for the features that mint tokens) and the published keys (JWKS). */
@Module({ controllers: [JwksController], providers: [AccessTokenSigner], exports: [AccessTokenSigner] })
export class TokensModule {}
