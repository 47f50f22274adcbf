import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { UserSettings } from '../user-settings';
import { type PublicJwk } from './jwk';

class JwksDto {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['kty', 'kid', 'alg', 'use'],
      properties: {
        kty: { type: 'string', enum: ['EC', 'RSA'] },
        kid: { type: 'string', maxLength: 100 },
        alg: { type: 'string', enum: ['ES256', 'RS256'] },
        use: { type: 'string', enum: ['sig'] },
        crv: { type: 'string', maxLength: 20 },
        x: { type: 'string', maxLength: 100 },
        y: { type: 'string', maxLength: 100 },
        n: { type: 'string', maxLength: 4096 },
        e: { type: 'string', maxLength: 20 },
      },
    },
    maxItems: 10,
    example: [{ kty: 'EC', kid: 'h6x0...', alg: 'ES256', use: 'sig', crv: 'P-256', x: '...', y: '...' }],
    description: 'The current signing key first, then earlier keys still valid during a rotation.',
  })
  keys: PublicJwk[];
}

/** GET /.well-known/jwks.json (outside the API prefix): the public keys tokens can be verified with. */
@ApiTags('keys')
@Public()
@Controller('.well-known')
export class JwksController {
  private readonly document: JwksDto;

  constructor(settings: UserSettings) {
    const previous = settings.previousPublicKeys.filter((key) => key.kid !== settings.signingKey.kid);
    this.document = { keys: [settings.signingKey.jwk, ...previous] };
  }

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'JSON Web Key Set of the token signing keys (kid = RFC 7638 thumbprint)' })
  @ApiOkResponse({ type: JwksDto })
  jwks(): JwksDto {
    return this.document;
  }
}
