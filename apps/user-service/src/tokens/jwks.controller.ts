import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { UserSettings } from '../user-settings';
import { JwksView } from './jwks.view';

/** GET /.well-known/jwks.json (outside the API prefix): the public keys tokens can be verified with. */
@ApiTags('keys')
@Public()
@Controller('.well-known')
export class JwksController {
  private readonly document: JwksView;

  constructor(settings: UserSettings) {
    const previous = settings.previousPublicKeys.filter((key) => key.kid !== settings.signingKey.kid);
    this.document = { keys: [settings.signingKey.jwk, ...previous] };
  }

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'JSON Web Key Set of the token signing keys (kid = RFC 7638 thumbprint)' })
  @ApiOkResponse({ type: JwksView })
  jwks(): JwksView {
    return this.document;
  }
}
