import { randomUUID } from 'node:crypto';

export interface SmokeResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** One public path per service: the answer must come from our service (problem+json or JSON with our request id), never a 5xx. */
export const SMOKE_PATHS = [
  { service: 'product-service', path: '/api/v1/products' },
  { service: 'user-service', path: '/api/v1/users/me' },
  { service: 'cart-service', path: '/api/v1/cart' },
  { service: 'order-service', path: '/api/v1/orders' },
  // Stripe's webhook must reach order-service: a GET there is order-service's own 404 problem.
  { service: 'order-service', path: '/api/v1/payments/stripe/webhook' },
];

async function checkRoute(baseUrl: string, service: string, path: string, timeoutMs: number): Promise<SmokeResult> {
  const requestId = `smoke-${randomUUID()}`;
  try {
    const response = await fetch(new URL(path, baseUrl), {
      headers: { 'x-request-id': requestId },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const type = response.headers.get('content-type') ?? '';
    const body = (await response.json().catch(() => ({}))) as { requestId?: string };
    const fromService =
      /json/.test(type) && (response.headers.get('x-request-id') === requestId || body.requestId === requestId);
    const ok = response.status < 500 && fromService;
    return {
      name: `${service} ${path}`,
      ok,
      detail: `${response.status} ${type}${fromService ? '' : ' (not answered by the service)'}`,
    };
  } catch (error) {
    return { name: `${service} ${path}`, ok: false, detail: (error as Error).message };
  }
}

/**
 * Smoke checks against a deployed base URL (the ALB) or the local edge: every public prefix reaches a live
 * service that answers with the platform's contract. The journeys of the system tests extend this list as the
 * domain endpoints land.
 */
export async function runSmokeChecks(baseUrl: string, timeoutMs = 10_000): Promise<SmokeResult[]> {
  return Promise.all(SMOKE_PATHS.map(({ service, path }) => checkRoute(baseUrl, service, path, timeoutMs)));
}
