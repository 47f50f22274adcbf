import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { ClientCredentialsController } from './client-credentials.controller';
import { ClientCredentialsService } from './client-credentials.service';
import { ServiceClientsMetrics } from './service-clients.metrics';

/** Service tokens for the other services (OAuth2 client credentials), under /internal/v1/auth. */
@Module({
  imports: [TokensModule],
  controllers: [ClientCredentialsController],
  providers: [ClientCredentialsService, ServiceClientsMetrics],
})
export class ServiceClientsModule {}
