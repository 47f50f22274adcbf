import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { StrictRateLimit } from '@app/rate-limit';
import { codes, ApiRateLimited, ApiValidationProblem } from '../openapi/api-problems';
import { ClientCredentialsService } from './client-credentials.service';
import { ClientCredentialsDto } from './dto/client-credentials.dto';
import { ApiProblems } from '@app/errors';
import { ServiceTokenResponseDto } from './dto/service-token-response.dto';

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
  @ApiOkResponse({ type: ServiceTokenResponseDto })
  @ApiValidationProblem()
  @ApiProblems(codes(401, { INVALID_CLIENT: 'Unknown client or wrong client secret.' }))
  @ApiRateLimited()
  token(@Body() body: ClientCredentialsDto): ServiceTokenResponseDto {
    return this.grants.grant(body);
  }
}
