import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AccessTokenVerifier, type AuthenticatedUser, AuthenticationError, RequestAuthenticator } from '@app/auth';
import { type ServiceConfig } from '@app/config';
import { SkipRateLimit, StrictRateLimit } from './decorators';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitedError, RateLimitGuard, type RateLimitedRequest } from './rate-limit.guard';
import { type RateLimitRecord, RateLimitStorage } from './rate-limit.storage';

// Routes as the application declares them: the guard reads only their decorators.
class ShopController {
  list(): void {}
  @StrictRateLimit()
  login(): void {}
  @SkipRateLimit()
  metrics(): void {}
}
@SkipRateLimit()
class ProbeController {
  live(): void {}
}

// Tokens the fake verifier knows; anything else is rejected as the real one would.
const TOKENS: Record<string, AuthenticatedUser> = {
  'alice.t.1': { id: 'alice', roles: ['customer'] },
  'bob.t.1': { id: 'bob', roles: ['customer'] },
  'order-service.t.1': { id: 'order-service', roles: ['service'] },
};
const verifier = {
  verify(token: string): AuthenticatedUser {
    const user = TOKENS[token];
    if (!user) throw new AuthenticationError('TOKEN_INVALID', 'unknown test token');
    return user;
  },
} as AccessTokenVerifier;

const WINDOW_MS = 60_000;
const config = { rateLimit: { windowMs: WINDOW_MS, max: 3, authMax: 2, serviceMax: 6 } } as ServiceConfig;

/** Records every counter key it is asked about, and answers like the in-memory storage. */
class RecordingStorage extends MemoryRateLimitStorage {
  readonly keys: string[] = [];
  override increment(key: string, windowMs: number, limit: number): RateLimitRecord {
    this.keys.push(key);
    return super.increment(key, windowMs, limit);
  }
}

/** Answers like Redis does: always through a promise. */
class AsyncStorage extends RateLimitStorage {
  constructor(private readonly inner: MemoryRateLimitStorage) {
    super();
  }
  async increment(key: string, windowMs: number, limit: number): Promise<RateLimitRecord> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.inner.increment(key, windowMs, limit);
  }
  close(): void {
    this.inner.close();
  }
}

interface Call {
  ip?: string;
  token?: string;
  route?: [object, { name: string }];
}

interface Reply {
  headers: Record<string, string>;
  header(name: string, value: string): void;
}

function call(
  guard: RateLimitGuard,
  { ip = '10.0.0.1', token, route = [ShopController, ShopController.prototype.list] }: Call,
) {
  const request: RateLimitedRequest = { ip, headers: token ? { authorization: `Bearer ${token}` } : {} };
  const reply: Reply = {
    headers: {},
    header(name, value) {
      this.headers[name] = value;
    },
  };
  const [controller, handler] = route;
  const context = {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { request, reply, decide: () => guard.canActivate(context) };
}

/** The guard's answer, or the error it refused the request with. */
async function outcome(guard: RateLimitGuard, request: Call): Promise<{ reply: Reply; result: unknown }> {
  const { reply, decide } = call(guard, request);
  try {
    return { reply, result: await decide() };
  } catch (error) {
    return { reply, result: error };
  }
}

const LOGIN: Call['route'] = [ShopController, ShopController.prototype.login];

describe('RateLimitGuard', () => {
  let storage: RecordingStorage;
  let guard: RateLimitGuard;
  beforeEach(() => {
    storage = new RecordingStorage();
    guard = new RateLimitGuard(config, storage, new RequestAuthenticator(verifier), new Reflector());
  });
  afterEach(() => storage.close());

  it('counts anonymous requests per client IP with RateLimit-* headers, then refuses with RATE_LIMITED and Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { reply, result } = await outcome(guard, { ip: '10.0.0.1' });
      expect(result).toBe(true);
      expect(reply.headers).toMatchObject({ 'RateLimit-Limit': '3', 'RateLimit-Reset': '60' });
      remaining.push(reply.headers['RateLimit-Remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await outcome(guard, { ip: '10.0.0.1' });
    expect(refused.result).toBeInstanceOf(RateLimitedError);
    expect(refused.result).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '60' } });
    expect(storage.keys).toEqual(Array(4).fill('default:ip:10.0.0.1'));
    // Another address has its own window.
    expect((await outcome(guard, { ip: '10.0.0.2' })).result).toBe(true);
  });

  it('counts an authenticated user per user, whatever the address, and apart from the address', async () => {
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
      expect((await outcome(guard, { ip, token: 'alice.t.1' })).result).toBe(true);
    expect((await outcome(guard, { ip: '10.0.0.4', token: 'alice.t.1' })).result).toBeInstanceOf(RateLimitedError);
    // The same addresses are not used up, neither for another user nor anonymously.
    expect((await outcome(guard, { ip: '10.0.0.1', token: 'bob.t.1' })).reply.headers['RateLimit-Remaining']).toBe('2');
    expect((await outcome(guard, { ip: '10.0.0.1' })).reply.headers['RateLimit-Remaining']).toBe('2');
    expect(new Set(storage.keys)).toEqual(new Set(['default:user:alice', 'default:user:bob', 'default:ip:10.0.0.1']));
  });

  it('counts a request whose token does not verify per client IP, like an anonymous one', async () => {
    const { request, result } = await (async () => {
      const { request, decide } = call(guard, { ip: '10.0.0.9', token: 'forged.t.1' });
      return { request, result: await decide() };
    })();
    expect(result).toBe(true);
    expect(storage.keys).toEqual(['default:ip:10.0.0.9']);
    // The verdict stays on the request for the auth guard, which refuses it (verified once, not twice).
    expect(request.authChecked).toBe(true);
    expect(request.authError).toBeInstanceOf(AuthenticationError);
  });

  it("counts our own services per client against RATE_LIMIT_SERVICE_MAX only, never a shopper's or the strict limit", async () => {
    const results: unknown[] = [];
    for (let i = 0; i < 7; i += 1) {
      const { reply, result } = await outcome(guard, { token: 'order-service.t.1', route: LOGIN });
      results.push(result);
      if (i === 0) expect(reply.headers).toMatchObject({ 'RateLimit-Limit': '6', 'RateLimit-Remaining': '5' });
    }
    expect(results.slice(0, 6)).toEqual([true, true, true, true, true, true]);
    expect(results[6]).toBeInstanceOf(RateLimitedError);
    expect(new Set(storage.keys)).toEqual(new Set(['service:client:order-service']));
  });

  it('does not count @SkipRateLimit() routes, on the handler or the whole controller, nor verify their tokens', async () => {
    for (const route of [
      [ShopController, ShopController.prototype.metrics],
      [ProbeController, ProbeController.prototype.live],
    ] as Call['route'][]) {
      for (let i = 0; i < 5; i += 1) {
        const { request, reply, decide } = call(guard, { route, token: 'alice.t.1' });
        expect(decide()).toBe(true);
        expect(reply.headers).toEqual({});
        expect(request.authChecked).toBeUndefined();
      }
    }
    expect(storage.keys).toEqual([]);
  });

  it('adds the strict limit per client IP on @StrictRateLimit() routes, even for a signed-in user', async () => {
    const first = await outcome(guard, { ip: '10.9.9.9', token: 'alice.t.1', route: LOGIN });
    expect(first.result).toBe(true);
    expect(first.reply.headers).toEqual({
      'RateLimit-Limit': '3',
      'RateLimit-Remaining': '2',
      'RateLimit-Reset': '60',
      'RateLimit-Limit-strict': '2',
      'RateLimit-Remaining-strict': '1',
      'RateLimit-Reset-strict': '60',
    });
    expect((await outcome(guard, { ip: '10.9.9.9', token: 'bob.t.1', route: LOGIN })).result).toBe(true);
    // A third user from the same address: their own limit has room, the address has none.
    const third = await outcome(guard, { ip: '10.9.9.9', route: LOGIN });
    expect(third.result).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '60' } });
    expect(storage.keys).toEqual([
      'default:user:alice',
      'strict:ip:10.9.9.9',
      'default:user:bob',
      'strict:ip:10.9.9.9',
      'default:ip:10.9.9.9',
      'strict:ip:10.9.9.9',
    ]);
    // Other routes from that address are still under the default limit only.
    expect((await outcome(guard, { ip: '10.9.9.9' })).result).toBe(true);
  });

  it('does not count a request refused by the default limit against the strict one', async () => {
    for (let i = 0; i < 3; i += 1) await outcome(guard, { ip: '10.5.5.5' });
    const refused = await outcome(guard, { ip: '10.5.5.5', route: LOGIN });
    expect(refused.result).toBeInstanceOf(RateLimitedError);
    expect(storage.keys.filter((key) => key.startsWith('strict:'))).toEqual([]);
  });

  it('decides a request without a promise when the storage answers synchronously (the in-memory one)', () => {
    expect(call(guard, { ip: '10.6.6.1' }).decide()).toBe(true);
    expect(call(guard, { ip: '10.6.6.2', route: LOGIN }).decide()).toBe(true);
    expect(call(guard, { ip: '10.6.6.2', route: LOGIN }).decide()).toBe(true);
    const { decide } = call(guard, { ip: '10.6.6.2', route: LOGIN });
    expect(() => decide()).toThrow(RateLimitedError); // the strict limit of 2 for this address
  });

  it('decides the same with a storage that answers through promises (Redis)', async () => {
    const memory = new MemoryRateLimitStorage();
    const asyncGuard = new RateLimitGuard(
      config,
      new AsyncStorage(memory),
      new RequestAuthenticator(verifier),
      new Reflector(),
    );
    try {
      const pending = call(asyncGuard, { ip: '10.7.7.7', route: LOGIN });
      const answer = pending.decide();
      expect(answer).toBeInstanceOf(Promise);
      expect(await answer).toBe(true);
      expect(pending.reply.headers).toMatchObject({ 'RateLimit-Remaining': '2', 'RateLimit-Remaining-strict': '1' });
      expect((await outcome(asyncGuard, { ip: '10.7.7.7', route: LOGIN })).result).toBe(true);
      const refused = await outcome(asyncGuard, { ip: '10.7.7.7', route: LOGIN });
      expect(refused.result).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '60' } });
    } finally {
      memory.close();
    }
  });
});
