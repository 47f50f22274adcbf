import { UpstreamUnavailableError } from '@app/errors';
import { withinDeadline } from './attempt-budget';

export interface ClientCredentials {
  id: string;
  secret: string;
  tokenUrl: string;
}

const RETRY_AFTER_SECONDS = 5;

interface CachedToken {
  value: string;
  refreshAt: number;
}

/**
 * This service's own access token from user-service (OAuth2 client-credentials grant), cached until shortly
 * before it expires. Concurrent callers share one in-flight token request; each waits for it no longer than
 * its own request has left, while the request itself runs to its own timeout and fills the cache for the next.
 */
export class ServiceTokenProvider {
  private cached?: CachedToken;
  private pending?: Promise<string>;

  constructor(
    private readonly credentials: ClientCredentials | undefined,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.value;
    return withinDeadline(
      () => (this.pending ??= this.fetchToken().finally(() => (this.pending = undefined))),
      () => new UpstreamUnavailableError('user-service', RETRY_AFTER_SECONDS),
    );
  }

  private async fetchToken(): Promise<string> {
    if (!this.credentials)
      throw new Error('SERVICE_CLIENT_ID is not configured: this service has no service credentials');
    const { id, secret, tokenUrl } = this.credentials;
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ grantType: 'client_credentials', clientId: id, clientSecret: secret }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new UpstreamUnavailableError('user-service', RETRY_AFTER_SECONDS);
    }
    if (!response.ok) throw new UpstreamUnavailableError('user-service', RETRY_AFTER_SECONDS);
    const body = (await response.json()) as { accessToken?: string; expiresIn?: number };
    if (!body.accessToken || !body.expiresIn) throw new UpstreamUnavailableError('user-service', RETRY_AFTER_SECONDS);
    // Refresh at 80% of the lifetime (at most a minute early) so a token never expires mid-call.
    const margin = Math.min(60, body.expiresIn * 0.2) * 1000;
    this.cached = { value: body.accessToken, refreshAt: this.now() + body.expiresIn * 1000 - margin };
    return body.accessToken;
  }
}
