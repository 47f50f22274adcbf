import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiProblems } from '@app/errors';
import { StrictRateLimit } from '@app/rate-limit';
import { INVALID_CLIENT, INVALID_INPUT, RATE_LIMITED } from '../openapi/api-problems';
import { ClientCredentialsService } from './client-credentials.service';
import { ClientCredentialsDto } from './dto/client-credentials.dto';
import { ServiceTokenView } from './service-token.view';

/** Internal: never routed by the edge or the Ingress; reached by cart-service and order-service only. */
@ApiTags('internal')
@Controller('internal/v1/auth')
export class ClientCredentialsController {
  constructor(private readonly grants: ClientCredentialsService) {}

  @Post('token')
  @Public()
  @StrictRateLimit()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'OAuth2 client-credentials grant: a service token (role service, sub = clientId)' })
  @ApiOkResponse({ type: ServiceTokenView })
  @ApiProblems(INVALID_INPUT, INVALID_CLIENT, RATE_LIMITED)
  token(@Body() body: ClientCredentialsDto): ServiceTokenView {
    return this.grants.grant(body);
  }
}
