import { randomUUID } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { http, type HttpResult } from '../../../../test/support/http';
import { testKeys } from '../../../../test/support/keys';
import { startTestService, type TestService } from '../../../../test/support/test-service';
import { userService } from '../../src/user-service';

/** What every user-service test needs on top of the shared test environment: its key, a fast bcrypt. */
export const USER_SERVICE_TEST_ENV: Record<string, string> = {
  JWT_PRIVATE_KEY: testKeys.privateKey,
  BCRYPT_COST: '4',
  RATE_LIMIT_MAX: '10000',
  RATE_LIMIT_AUTH_MAX: '10000',
  // Suites about other things make wrong-password attempts too; login-protection sets its own limits.
  LOGIN_FREE_FAILURES: '100',
  LOGIN_IP_MAX_FAILURES: '10000',
};

export const PASSWORD = 'correct horse battery staple';

export const uniqueEmail = (label = 'user'): string => `${label}-${randomUUID().slice(0, 8)}@example.com`;

export function startUserService(overrides: Record<string, string> = {}): Promise<TestService> {
  return startTestService(userService, { ...USER_SERVICE_TEST_ENV, ...overrides });
}

/** The service's own database, to look at what it stored. */
export function databaseOf(service: TestService): Connection {
  return service.app.get<Connection>(getConnectionToken());
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

/** Plain HTTP calls to the identity endpoints; keeps every response body to check none leaks a secret. */
export class IdentityClient {
  readonly bodies: string[] = [];
  readonly refreshTokens: string[] = [];

  constructor(private readonly service: TestService) {}

  async call(path: string, init: Parameters<typeof http>[2] = {}): Promise<HttpResult> {
    const result = await http(this.service.baseUrl, path, init);
    this.bodies.push(result.text);
    if (typeof result.json.refreshToken === 'string') this.refreshTokens.push(result.json.refreshToken);
    return result;
  }

  register(email: string, password = PASSWORD, extra: Record<string, unknown> = {}): Promise<HttpResult> {
    return this.call('/api/v1/auth/register', {
      method: 'POST',
      json: { email, password, displayName: 'Test Shopper', ...extra },
    });
  }

  login(email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.call('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers });
  }

  refresh(refreshToken: string): Promise<HttpResult> {
    return this.call('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken } });
  }

  logout(refreshToken: string): Promise<HttpResult> {
    return this.call('/api/v1/auth/logout', { method: 'POST', json: { refreshToken } });
  }

  me(accessToken: string): Promise<HttpResult> {
    return this.call('/api/v1/users/me', { token: accessToken });
  }

  /** Registers a fresh customer and logs them in. */
  async newCustomer(label = 'user'): Promise<{ id: string; email: string; tokens: TokenPair }> {
    const email = uniqueEmail(label);
    const registered = await this.register(email);
    if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${registered.text}`);
    const tokens = await this.loginOk(email);
    return { id: registered.json.id as string, email, tokens };
  }

  async loginOk(email: string, password = PASSWORD): Promise<TokenPair> {
    const result = await this.login(email, password);
    if (result.status !== 200) throw new Error(`login failed: ${result.status} ${result.text}`);
    return result.json as unknown as TokenPair;
  }
}
