import { randomUUID } from 'node:crypto';

export interface SmokeResult {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * What a healthy deployment answers on each path, through the gateway (cluster) or the edge (locally):
 * - `service`: a public route, answered by our service itself (JSON carrying the request id we sent), never a 5xx;
 * - `token-required`: a protected route, refused without a token by whoever checks first (the gateway, the
 *   edge or the service): 401 with a `Bearer` challenge, never a 5xx and never the resource.
 * Protected services cannot be reached without a token through the gateway; that each of them answers is
 * proven before promotion by the blue-green analysis, which smoke-checks the preview Service directly.
 */
export const SMOKE_PATHS = [
  { service: 'product-service', path: '/api/v1/products', expect: 'service' },
  { service: 'user-service', path: '/.well-known/jwks.json', expect: 'service' },
  { service: 'user-service', path: '/api/v1/users/me', expect: 'token-required' },
  { service: 'cart-service', path: '/api/v1/cart', expect: 'token-required' },
  { service: 'order-service', path: '/api/v1/orders', expect: 'token-required' },
] as const;

type Expectation = (typeof SMOKE_PATHS)[number]['expect'];

async function checkRoute(
  baseUrl: string,
  check: { service: string; path: string; expect: Expectation },
  timeoutMs: number,
): Promise<SmokeResult> {
  const name = `${check.service} ${check.path}`;
  const requestId = `smoke-${randomUUID()}`;
  try {
    const response = await fetch(new URL(check.path, baseUrl), {
      headers: { 'x-request-id': requestId },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    if (check.expect === 'token-required') {
      const challenge = response.headers.get('www-authenticate') ?? '';
      const ok = response.status === 401 && /^Bearer\b/i.test(challenge);
      return {
        name,
        ok,
        detail: `${response.status} ${challenge ? `(${challenge.split(',')[0]})` : '(no challenge)'}`,
      };
    }
    const body = parseJson(text) as { requestId?: string };
    const fromService =
      /json/.test(type) && (response.headers.get('x-request-id') === requestId || body.requestId === requestId);
    const ok = response.status < 500 && fromService;
    return { name, ok, detail: `${response.status} ${type}${fromService ? '' : ' (not answered by the service)'}` };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/**
 * Smoke checks against a deployed base URL (the public API name) or the local edge: every public route reaches a
 * live service that answers with the platform's contract, and every protected one is refused without a token.
 */
export async function runSmokeChecks(baseUrl: string, timeoutMs = 10_000): Promise<SmokeResult[]> {
  return Promise.all(SMOKE_PATHS.map((check) => checkRoute(baseUrl, check, timeoutMs)));
}
