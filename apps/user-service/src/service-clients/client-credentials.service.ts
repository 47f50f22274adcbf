import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@app/errors';
import { IdentityMetrics } from '../common/identity-metrics';
import { AccessTokenSigner } from '../tokens/access-token.signer';
import { UserSettings } from '../user-settings';
import { type ClientCredentialsDto } from './dto/client-credentials.dto';
import { type ServiceTokenResponseDto } from './dto/service-token-response.dto';

export class InvalidClientError extends DomainError {
  constructor() {
    super(401, 'INVALID_CLIENT', 'Invalid client', { detail: 'Unknown client or wrong client secret.' });
  }
}

/** Compared against when the client is unknown, so unknown and known clients take the same time. */
const NO_CLIENT_HASH = Buffer.alloc(32);

/**
 * Service tokens: `sub` = clientId, `roles: ['service']`. Secrets are random (at least 32 bytes), so the
 * SHA-256 of the presented secret, compared in constant time with the configured one, is enough.
 */
@Injectable()
export class ClientCredentialsService {
  private readonly logger = new Logger(ClientCredentialsService.name);
  private readonly clients: Map<string, Buffer>;

  constructor(
    settings: UserSettings,
    private readonly signer: AccessTokenSigner,
    private readonly metrics: IdentityMetrics,
  ) {
    this.clients = new Map(settings.serviceClients.map((client) => [client.clientId, client.secretSha256]));
  }

  grant({ clientId, clientSecret }: ClientCredentialsDto): ServiceTokenResponseDto {
    const expected = this.clients.get(clientId);
    const presented = createHash('sha256').update(clientSecret).digest();
    const matches = timingSafeEqual(presented, expected ?? NO_CLIENT_HASH) && expected !== undefined;
    // Label only configured client ids, so arbitrary input cannot grow the metric's label set.
    const client = expected ? clientId : 'unknown';
    if (!matches) {
      this.metrics.serviceTokens.inc({ client, outcome: 'rejected' });
      this.logger.warn({ msg: 'client-credentials grant refused', client });
      throw new InvalidClientError();
    }
    this.metrics.serviceTokens.inc({ client, outcome: 'issued' });
    const { accessToken, expiresIn } = this.signer.sign(clientId, ['service']);
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
