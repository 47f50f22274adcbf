import { http, type HttpResult } from '../../support/http';

/**
 * A shop client as a real front end would write it: keeps its tokens, and when the API answers
 * TOKEN_EXPIRED it refreshes once and repeats the request.
 */
export class ShopperClient {
  accessToken = '';
  refreshToken = '';
  refreshes = 0;

  constructor(
    readonly baseUrl: string,
    readonly email: string,
    readonly password: string,
  ) {}

  async register(displayName = 'System shopper'): Promise<HttpResult> {
    return http(this.baseUrl, '/api/v1/auth/register', {
      method: 'POST',
      json: { email: this.email, password: this.password, displayName },
    });
  }

  async logIn(): Promise<HttpResult> {
    const result = await http(this.baseUrl, '/api/v1/auth/login', {
      method: 'POST',
      json: { email: this.email, password: this.password },
    });
    if (result.status === 200) this.keep(result);
    return result;
  }

  async refresh(refreshToken = this.refreshToken): Promise<HttpResult> {
    const result = await http(this.baseUrl, '/api/v1/auth/refresh', { method: 'POST', json: { refreshToken } });
    if (result.status === 200) {
      this.keep(result);
      this.refreshes += 1;
    }
    return result;
  }

  async call(path: string, init: RequestInit & { json?: unknown } = {}): Promise<HttpResult> {
    const first = await http(this.baseUrl, path, { ...init, token: this.accessToken });
    if (first.status !== 401 || first.json.code !== 'TOKEN_EXPIRED') return first;
    const refreshed = await this.refresh();
    if (refreshed.status !== 200) return first;
    return http(this.baseUrl, path, { ...init, token: this.accessToken });
  }

  private keep(result: HttpResult): void {
    this.accessToken = String(result.json.accessToken);
    this.refreshToken = String(result.json.refreshToken);
  }
}
