import { randomUUID } from 'node:crypto';
import { type Answer, call } from './http';
import { keyConfusionToken, realKeyToken, type TokenFacts, unsignedToken } from './tokens';

/** Where the attacks go: the edge (as any client), and two services directly (internal routes never route). */
export interface SecurityTarget extends TokenFacts {
  edgeUrl: string;
  productServiceUrl: string;
  userServiceUrl: string;
  /** cart-service's own client credentials: the least privileged service client. */
  cartClient: { id: string; secret: string };
  admin: { email: string; password: string };
}

export interface AttackResult {
  name: string;
  passed: boolean;
  /** What was observed: the evidence a reviewer reads. */
  detail: string;
}

/** Shoppers, a product and an order the attacks aim at. */
interface Scene {
  target: SecurityTarget;
  adminToken: string;
  productId: string;
  price: number;
  alice: Shopper;
  bob: Shopper;
  aliceOrderId: string;
}

interface Shopper {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** An attack states what must hold; a failed expectation throws with what was seen instead. */
type Attack = { name: string; run: (scene: Scene) => Promise<string> };

const ADDRESS = { name: 'Ada Shopper', line1: '1 Test Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

class Refuted extends Error {}

function expectStatus(what: string, answer: Answer, ...allowed: number[]): string {
  if (!allowed.includes(answer.status))
    throw new Refuted(`${what}: got ${answer.status} ${String(answer.json.code ?? '')}, want ${allowed.join('/')}`);
  return `${what} ${answer.status}${answer.json.code ? ` ${String(answer.json.code)}` : ''}`;
}

function expectThat(condition: boolean, failure: string): void {
  if (!condition) throw new Refuted(failure);
}

/** The attacks of docs/security.md, each stated as what an attacker tries and what must happen. */
export const ATTACKS: Attack[] = [
  {
    name: 'alg none: an unsigned admin token is refused',
    run: async ({ target, alice }) =>
      expectStatus(
        'GET /api/v1/users',
        await call(target.edgeUrl, '/api/v1/users', { token: unsignedToken(target, alice.id, ['admin']) }),
        401,
      ),
  },
  {
    name: 'key confusion: HS256 signed with the public key is refused',
    run: async ({ target, alice }) =>
      expectStatus(
        'GET /api/v1/users',
        await call(target.edgeUrl, '/api/v1/users', { token: keyConfusionToken(target, alice.id, ['admin']) }),
        401,
      ),
  },
  {
    name: 'token without exp: refused even when signed with the real key',
    run: async ({ target, alice }) => {
      const control = await call(target.edgeUrl, '/api/v1/users/me', {
        token: realKeyToken(target, alice.id, ['customer'], 'valid'),
      });
      expectStatus('control with exp', control, 200);
      const eternal = realKeyToken(target, alice.id, ['customer'], 'none');
      return expectStatus(
        'GET /api/v1/users/me without exp',
        await call(target.edgeUrl, '/api/v1/users/me', { token: eternal }),
        401,
      );
    },
  },
  {
    name: 'expired token on a public route: 401, not served as anonymous',
    run: async ({ target, alice }) => {
      const expired = realKeyToken(target, alice.id, ['admin'], 'expired');
      const answer = await call(target.edgeUrl, '/api/v1/products', { token: expired });
      expectThat(answer.json.code === 'TOKEN_EXPIRED', `code ${String(answer.json.code)}, want TOKEN_EXPIRED`);
      return expectStatus('GET /api/v1/products', answer, 401);
    },
  },
  {
    name: 'mass assignment: no role through registration or profile update',
    run: async ({ target, alice }) => {
      const registered = await call(target.edgeUrl, '/api/v1/auth/register', {
        method: 'POST',
        json: {
          email: `mallory-${randomUUID()}@example.com`,
          password: `Mallory-${randomUUID()}`,
          displayName: 'Mallory',
          roles: ['admin'],
        },
      });
      const seen = [expectStatus('register with roles', registered, 400)];
      for (const json of [{ roles: ['admin'] }, { role: 'admin' }, { active: true, displayName: 'x' }])
        seen.push(
          expectStatus(
            `PATCH me ${Object.keys(json)[0]}`,
            await call(target.edgeUrl, '/api/v1/users/me', { method: 'PATCH', token: alice.token, json }),
            400,
          ),
        );
      const me = await call(target.edgeUrl, '/api/v1/users/me', { token: alice.token });
      expectThat(JSON.stringify(me.json.roles) === '["customer"]', `roles now ${JSON.stringify(me.json.roles)}`);
      return seen.join(', ');
    },
  },
  {
    name: 'NoSQL operator injection in query and body is a 400',
    run: async ({ target, alice }) =>
      [
        expectStatus('GET products?category[$ne]', await call(target.edgeUrl, '/api/v1/products?category[$ne]=x'), 400),
        expectStatus(
          'login with {$ne: null}',
          await call(target.edgeUrl, '/api/v1/auth/login', {
            method: 'POST',
            json: { email: { $ne: null }, password: { $ne: null } },
          }),
          400,
        ),
        expectStatus(
          'PATCH me {$gt}',
          await call(target.edgeUrl, '/api/v1/users/me', {
            method: 'PATCH',
            token: alice.token,
            json: { displayName: { $gt: '' } },
          }),
          400,
        ),
      ].join(', '),
  },
  {
    name: "BOLA: shopper B can neither read nor change A's order",
    run: async ({ target, bob, alice, aliceOrderId }) => {
      const seen = [
        expectStatus(
          'B reads A order',
          await call(target.edgeUrl, `/api/v1/orders/${aliceOrderId}`, { token: bob.token }),
          403,
          404,
        ),
        expectStatus(
          'B cancels A order',
          await call(target.edgeUrl, `/api/v1/orders/${aliceOrderId}/cancel`, {
            method: 'POST',
            token: bob.token,
            json: {},
          }),
          403,
          404,
        ),
      ];
      const list = await call(target.edgeUrl, '/api/v1/orders', { token: bob.token });
      expectThat(!JSON.stringify(list.json).includes(aliceOrderId), "A's order is in B's list");
      const own = await call(target.edgeUrl, `/api/v1/orders/${aliceOrderId}`, { token: alice.token });
      expectThat(own.json.status === 'PENDING_PAYMENT', `A's order is now ${String(own.json.status)}`);
      return seen.join(', ');
    },
  },
  {
    name: "BOLA: shopper B cannot reach A's cart",
    run: async ({ target, bob, alice, productId }) => {
      await call(target.edgeUrl, '/api/v1/cart/items', {
        method: 'POST',
        token: alice.token,
        json: { productId, quantity: 1 },
      });
      const seen = [
        await ownCartOnly(target, bob, alice, productId),
        expectStatus(
          'B clears A through the internal route',
          await call(target.edgeUrl, `/internal/v1/carts/${alice.id}/clear-ordered`, {
            method: 'POST',
            token: bob.token,
            json: { lines: [{ productId, quantity: 1 }] },
          }),
          404,
        ),
        expectStatus(
          'B deletes the item',
          await call(target.edgeUrl, `/api/v1/cart/items/${productId}`, { method: 'DELETE', token: bob.token }),
          200,
          204,
          404,
        ),
      ];
      const cart = await call(target.edgeUrl, '/api/v1/cart', { token: alice.token });
      expectThat(JSON.stringify(cart.json.lines).includes(productId), "A's cart lost its line");
      return seen.join(', ');
    },
  },
  {
    name: "BOLA: shopper B can neither read nor change A's account",
    run: async ({ target, bob, alice }) =>
      [
        expectStatus('B reads A', await call(target.edgeUrl, `/api/v1/users/${alice.id}`, { token: bob.token }), 403),
        expectStatus(
          'B disables A',
          await call(target.edgeUrl, `/api/v1/users/${alice.id}`, {
            method: 'PATCH',
            token: bob.token,
            json: { active: false },
          }),
          403,
        ),
        expectStatus('A still logs in', await logIn(target, alice), 200),
      ].join(', '),
  },
  {
    name: 'price tampering: a price in the order body is never used',
    run: async ({ target, alice, productId, price }) => {
      await call(target.edgeUrl, '/api/v1/cart/items', {
        method: 'POST',
        token: alice.token,
        json: { productId, quantity: 2 },
      });
      const tampered = await call(target.edgeUrl, '/api/v1/orders', {
        method: 'POST',
        token: alice.token,
        headers: { 'idempotency-key': randomUUID() },
        json: { shippingAddress: ADDRESS, total: 1, lines: [{ productId, quantity: 2, unitPrice: 1 }] },
      });
      if (tampered.status === 201)
        expectThat(Number(tampered.json.total) >= 2 * price, `order total ${String(tampered.json.total)}`);
      return expectStatus('order with a price in the body', tampered, 400, 201);
    },
  },
  {
    name: "service scopes: cart-service's token cannot reserve stock or read contacts",
    run: async ({ target, alice, productId }) => {
      const grant = await call(target.userServiceUrl, '/internal/v1/auth/token', {
        method: 'POST',
        json: {
          grantType: 'client_credentials',
          clientId: target.cartClient.id,
          clientSecret: target.cartClient.secret,
        },
      });
      expectStatus('cart-service token', grant, 200);
      const token = String(grant.json.accessToken);
      return [
        expectStatus(
          'reserve',
          await call(target.productServiceUrl, '/internal/v1/stock/reservations', {
            method: 'POST',
            token,
            json: { reservationId: `attack-${randomUUID()}`, lines: [{ productId, quantity: 1 }] },
          }),
          403,
        ),
        expectStatus(
          'release',
          await call(target.productServiceUrl, '/internal/v1/stock/reservations/x1', { method: 'DELETE', token }),
          403,
        ),
        expectStatus(
          'contact',
          await call(target.userServiceUrl, `/internal/v1/users/${alice.id}/contact`, { token }),
          403,
        ),
        expectStatus(
          'own scope still works',
          await call(target.productServiceUrl, `/internal/v1/products?ids=${productId}`, { token }),
          200,
        ),
      ].join(', ');
    },
  },
  {
    name: 'security headers on every service, no-store on personal data, catalog cacheable',
    run: async ({ target, alice }) => {
      const personal = ['/api/v1/users/me', '/api/v1/cart', '/api/v1/orders'];
      const answers: [string, Answer][] = [
        ['/api/v1/products', await call(target.edgeUrl, '/api/v1/products')],
        ...(await Promise.all(
          personal.map(async (path): Promise<[string, Answer]> => [
            path,
            await call(target.edgeUrl, path, { token: alice.token }),
          ]),
        )),
        ['POST /api/v1/auth/login', await logIn(target, alice)],
      ];
      for (const [path, answer] of answers) {
        const missing = missingSecurityHeaders(answer.headers);
        expectThat(missing.length === 0, `${path} lacks ${missing.join(', ')}`);
        const noStore = answer.headers.get('cache-control')?.includes('no-store') ?? false;
        expectThat(
          noStore === (path !== '/api/v1/products'),
          `${path} cache-control ${answer.headers.get('cache-control')}`,
        );
      }
      const docs = await call(target.edgeUrl, '/docs/product-service');
      expectThat(docs.headers.get('content-security-policy')?.includes("script-src 'self'") ?? false, 'Swagger UI CSP');
      return `${answers.length} answers and Swagger UI checked`;
    },
  },
  {
    name: "lock-out: an attacker's wrong passwords do not lock the owner out",
    run: async ({ target, alice }) => {
      const attacker = { 'x-forwarded-for': '203.0.113.66' };
      const statuses: number[] = [];
      for (let guess = 1; guess <= 8; guess += 1)
        statuses.push(
          (await logIn(target, { email: alice.email, password: `Wrong-guess-${guess}-abcdef` }, attacker)).status,
        );
      expectThat(
        statuses.every((status) => status === 401 || status === 429),
        `guesses answered ${statuses.join(',')}`,
      );
      const owner = await logIn(target, alice, { 'x-forwarded-for': '198.51.100.7' });
      if (owner.status !== 200)
        throw new Refuted(
          `owner from their own address: ${owner.status} ${String(owner.json.code)} ${String(owner.json.detail)} (attacker: ${statuses.join(',')})`,
        );
      return `attacker ${statuses.join(',')}; ${expectStatus('owner from their own address', owner, 200)}`;
    },
  },
  {
    name: "revocation: a logged-out admin's access token no longer works on admin routes",
    run: async ({ target }) => {
      // From an address of its own: the suite's other logins must not decide this attack's outcome.
      const session = await logIn(target, target.admin, { 'x-forwarded-for': '192.0.2.10' });
      expectStatus('admin login', session, 200);
      const token = String(session.json.accessToken);
      expectStatus('before logout', await call(target.edgeUrl, '/api/v1/users', { token }), 200);
      const logout = await call(target.edgeUrl, '/api/v1/auth/logout', {
        method: 'POST',
        json: { refreshToken: session.json.refreshToken },
      });
      expectStatus('logout', logout, 204);
      return expectStatus(
        'GET /api/v1/users after logout',
        await call(target.edgeUrl, '/api/v1/users', { token }),
        401,
      );
    },
  },
  {
    name: 'rate limit on login: a password-guessing flood gets 429',
    run: async ({ target }) => {
      for (let attempt = 1; attempt <= 60; attempt += 1) {
        const answer = await call(target.edgeUrl, '/api/v1/auth/login', {
          method: 'POST',
          json: { email: `victim-${attempt}@example.com`, password: `Guess-number-${attempt}-xx` },
        });
        if (answer.status === 429) {
          expectThat(answer.headers.get('retry-after') !== null, '429 without Retry-After');
          return `429 RATE_LIMITED after ${attempt} guesses, Retry-After ${answer.headers.get('retry-after')}`;
        }
      }
      throw new Refuted('60 guesses, never limited');
    },
  },
];

/** B naming A in the cart's query string gets a 400 or B's own cart, never A's. */
async function ownCartOnly(target: SecurityTarget, bob: Shopper, alice: Shopper, productId: string): Promise<string> {
  const answer = await call(target.edgeUrl, `/api/v1/cart?userId=${alice.id}`, { token: bob.token });
  if (answer.status === 400) return 'B names A in the query 400';
  expectThat(
    answer.status === 200 && answer.json.userId === bob.id && !JSON.stringify(answer.json).includes(productId),
    `B naming A in the query got ${answer.status} for user ${String(answer.json.userId)}`,
  );
  return "B names A in the query: B's own cart";
}

function missingSecurityHeaders(headers: Headers): string[] {
  const expected: [string, (value: string) => boolean][] = [
    ['strict-transport-security', (value) => /max-age=31536000/.test(value) && /includeSubDomains/.test(value)],
    ['x-content-type-options', (value) => value === 'nosniff'],
    ['x-frame-options', (value) => value === 'DENY'],
    ['content-security-policy', (value) => value.includes("frame-ancestors 'none'")],
    ['referrer-policy', (value) => value === 'no-referrer'],
  ];
  return expected.filter(([name, ok]) => !ok(headers.get(name) ?? '')).map(([name]) => name);
}

/** `headers` may state the client's address (X-Forwarded-For), which the suite's TRUST_PROXY=2 lets count. */
function logIn(
  target: SecurityTarget,
  who: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(target.edgeUrl, '/api/v1/auth/login', {
    method: 'POST',
    headers,
    json: { email: who.email, password: who.password },
  });
}

async function shopper(target: SecurityTarget, name: string): Promise<Shopper> {
  const email = `${name}-${randomUUID()}@example.com`;
  const password = `${name}-passphrase-${randomUUID()}`;
  const registered = await call(target.edgeUrl, '/api/v1/auth/register', {
    method: 'POST',
    json: { email, password, displayName: name },
  });
  if (registered.status !== 201) throw new Error(`registering ${name}: ${registered.status}`);
  const token = String((await logIn(target, { email, password })).json.accessToken);
  const me = await call(target.edgeUrl, '/api/v1/users/me', { token });
  return { id: String(me.json.id), email, password, token };
}

/** What the attacks aim at: an admin's product, two shoppers, and A's order. */
async function setScene(target: SecurityTarget): Promise<Scene> {
  const adminToken = String((await logIn(target, target.admin)).json.accessToken);
  const price = 1500;
  const created = await call(target.edgeUrl, '/api/v1/products', {
    method: 'POST',
    token: adminToken,
    json: {
      sku: `SEC-${randomUUID().slice(0, 8)}`,
      name: 'Target product',
      description: 'Attacked',
      price,
      currency: 'EUR',
      category: 'security',
      tags: [],
    },
  });
  if (created.status !== 201)
    throw new Error(`creating the product: ${created.status} ${JSON.stringify(created.json)}`);
  const productId = String(created.json.id);
  await call(target.edgeUrl, `/api/v1/products/${productId}/stock`, {
    method: 'POST',
    token: adminToken,
    json: { set: 100 },
  });
  const [alice, bob] = await Promise.all([shopper(target, 'alice'), shopper(target, 'bob')]);
  await call(target.edgeUrl, '/api/v1/cart/items', {
    method: 'POST',
    token: alice.token,
    json: { productId, quantity: 1 },
  });
  const order = await call(target.edgeUrl, '/api/v1/orders', {
    method: 'POST',
    token: alice.token,
    headers: { 'idempotency-key': randomUUID() },
    json: { shippingAddress: ADDRESS },
  });
  if (order.status !== 201) throw new Error(`placing A's order: ${order.status} ${JSON.stringify(order.json)}`);
  return { target, adminToken, productId, price, alice, bob, aliceOrderId: String(order.json.id) };
}

/** Runs every attack in order (the login flood last: it uses up the address's login budget). */
export async function runAttacks(target: SecurityTarget, attacks: Attack[] = ATTACKS): Promise<AttackResult[]> {
  const scene = await setScene(target);
  const results: AttackResult[] = [];
  for (const attack of attacks) {
    try {
      results.push({ name: attack.name, passed: true, detail: await attack.run(scene) });
    } catch (error) {
      results.push({ name: attack.name, passed: false, detail: (error as Error).message });
    }
  }
  return results;
}

/** One line per attack, as `npm run security` prints them. */
export function formatResult(result: AttackResult): string {
  return `${result.passed ? 'PASS' : 'FAIL'}  ${result.name}  (${result.detail})`;
}
