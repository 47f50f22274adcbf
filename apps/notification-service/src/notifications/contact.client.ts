import { Injectable } from '@nestjs/common';
import { UpstreamClient, UpstreamResponseError } from '@app/http-client';
import { InjectUserUpstream } from './upstream-tokens';

/** Where to mail a shopper, as user-service tells it. */
export interface Contact {
  email: string;
  name: string;
}

/**
 * user-service's internal contact route, called with this service's own token (there is no shopper request
 * to forward). A GET, so libs/http-client retries network errors, timeouts and 5xx with backoff.
 */
@Injectable()
export class ContactClient {
  constructor(@InjectUserUpstream() private readonly upstream: UpstreamClient) {}

  /** `null` when user-service has nobody to mail: the account is unknown or disabled (404). */
  async find(userId: string): Promise<Contact | null> {
    try {
      const { body } = await this.upstream.request<unknown>({
        method: 'GET',
        path: `/internal/v1/users/${encodeURIComponent(userId)}/contact`,
        credentials: 'service',
      });
      return parseContact(body);
    } catch (error) {
      if (error instanceof UpstreamResponseError && error.status === 404) return null;
      throw error;
    }
  }
}

/** Checked, so a contract drift fails loudly (and the event is retried) instead of mailing nonsense. */
function parseContact(body: unknown): Contact {
  const { email, name } = (body ?? {}) as Record<string, unknown>;
  if (typeof email !== 'string' || !email.includes('@') || typeof name !== 'string')
    throw new Error('user-service answered the contact without an email and a name');
  return { email, name };
}
