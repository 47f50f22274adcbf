import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface FakeContact {
  email: string;
  name: string;
}

/**
 * user-service as notification-service sees it: the client-credentials grant and the internal contact route,
 * answering only the token it issued. Counts the contact lookups per shopper, and can fail the next lookups of
 * one shopper with 503 to stand for an outage.
 */
export class FakeUserService {
  readonly contacts = new Map<string, FakeContact>();
  readonly lookups = new Map<string, number>();
  readonly clientSecret = randomBytes(32).toString('base64url');
  private readonly outages = new Map<string, number>();
  private readonly token = randomBytes(16).toString('hex');
  private readonly server: Server = createServer((request, response) => this.answer(request, response));

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` lookups of this shopper answer 503. */
  failNext(userId: string, times: number): void {
    this.outages.set(userId, times);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      });
      response.end(JSON.stringify(body));
    };
    let text = '';
    for await (const chunk of request) text += String(chunk);
    if (request.method === 'POST' && request.url === '/internal/v1/auth/token') {
      const grant = JSON.parse(text) as { clientId?: string; clientSecret?: string };
      if (grant.clientId !== 'notification-service' || grant.clientSecret !== this.clientSecret)
        return send(401, { status: 401, code: 'INVALID_CLIENT' });
      return send(200, { accessToken: this.token, tokenType: 'Bearer', expiresIn: 900 });
    }
    const contact = /^\/internal\/v1\/users\/([^/]+)\/contact$/.exec(request.url ?? '');
    if (request.method !== 'GET' || !contact) return send(404, { status: 404, code: 'NOT_FOUND' });
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return send(401, { status: 401, code: 'TOKEN_INVALID' });
    const userId = contact[1];
    this.lookups.set(userId, (this.lookups.get(userId) ?? 0) + 1);
    const outage = this.outages.get(userId) ?? 0;
    if (outage > 0) {
      this.outages.set(userId, outage - 1);
      return send(503, { status: 503, code: 'DATABASE_UNAVAILABLE' });
    }
    const found = this.contacts.get(userId);
    return found ? send(200, found) : send(404, { status: 404, code: 'USER_NOT_FOUND' });
  }
}
