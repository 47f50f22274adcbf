import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AccessTokenSigner } from '../tokens/access-token.signer';
import { UserSettings } from '../user-settings';
import { type ClientCredentialsDto } from './dto/client-credentials.dto';
import { type ServiceClient } from './parse-service-clients';
import { InvalidClientError } from './service-clients.errors';
import { ServiceClientsMetrics } from './service-clients.metrics';
import { type ServiceTokenView } from './service-token.view';

/** Compared against when the client is unknown, so unknown and known clients take the same time. */
const NO_CLIENT_HASH = Buffer.alloc(32);

/**
 * Service tokens: `sub` = clientId, `roles: ['service']`, `scope` = the client's scopes only. Secrets are random (at least 32 bytes), so the
 * SHA-256 of the presented secret, compared in constant time with the configured one, is enough.
 */
@Injectable()
export class ClientCredentialsService {
  private readonly logger = new Logger(ClientCredentialsService.name);
  private readonly clients: Map<string, ServiceClient>;

  constructor(
    settings: UserSettings,
    private readonly signer: AccessTokenSigner,
    private readonly metrics: ServiceClientsMetrics,
  ) {
    this.clients = new Map(settings.serviceClients.map((client) => [client.clientId, client]));
  }

  grant({ clientId, clientSecret }: ClientCredentialsDto): ServiceTokenView {
    const registered = this.clients.get(clientId);
    const expected = registered?.secretSha256;
    const presented = createHash('sha256').update(clientSecret).digest();
    const matches = timingSafeEqual(presented, expected ?? NO_CLIENT_HASH) && expected !== undefined;
    // Only configured client ids become labels, so arbitrary input cannot grow the metric's label set.
    const client = expected ? clientId : 'unknown';
    if (!matches) {
      this.metrics.grant(client, 'rejected');
      this.logger.warn({ msg: 'client-credentials grant refused', client });
      throw new InvalidClientError();
    }
    this.metrics.grant(client, 'issued');
    const scopes = registered?.scopes ?? [];
    const { accessToken, expiresIn } = this.signer.signForClient(clientId, scopes);
    return { accessToken, tokenType: 'Bearer', expiresIn, scope: scopes.join(' ') };
  }
}
