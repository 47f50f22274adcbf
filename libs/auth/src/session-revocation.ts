import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { connectRedis } from '@app/redis';
import { ServiceConfig } from '@app/config';

/**
 * Sessions (the `sid` of access tokens) that ended before their access tokens expire: logout, refresh-token
 * reuse, password change, account disabled, admin role removed. user-service writes them; every service's
 * privileged routes read them (PrivilegeCheckGuard). In Redis when REDIS_URL is set, under one key space
 * shared by all services (`auth:revoked-session:<sid>`); in this process's memory otherwise, which only
 * user-service itself can see (docs/decisions/0017-account-protection.md).
 */
export abstract class SessionRevocations {
  /** Remembers the sessions as revoked for `ttlSeconds`: at least the life of an access token. */
  abstract revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void>;
  /** Throws when the store cannot answer: a privileged route must not guess. */
  abstract isRevoked(sessionId: string): Promise<boolean>;
  abstract close(): void | Promise<void>;
}

const KEY_PREFIX = 'auth:revoked-session:';

export class MemorySessionRevocations extends SessionRevocations {
  private readonly until = new Map<string, number>();

  async revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    const until = Date.now() + ttlSeconds * 1000;
    for (const id of sessionIds) this.until.set(id, until);
    // Revocations are rare (logouts, admin actions): forgetting expired ones here keeps memory bounded.
    for (const [id, end] of this.until) if (end <= Date.now()) this.until.delete(id);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (this.until.get(sessionId) ?? 0) > Date.now();
  }

  close(): void {
    this.until.clear();
  }
}

/** How long a check made while the first connection is still being set up (a replica just started) waits for it. */
const FIRST_CONNECTION_WAIT_MS = 2_000;

export class RedisSessionRevocations extends SessionRevocations {
  private connectedOnce: boolean;

  constructor(private readonly redis: Redis) {
    super();
    this.connectedOnce = redis.status === 'ready';
    redis.once('ready', () => (this.connectedOnce = true));
  }

  static connect(url: string): RedisSessionRevocations {
    // Each failed check is answered with a 503 by the guard.
    return new RedisSessionRevocations(connectRedis(url, 250));
  }

  async revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.firstConnection();
    const batch = this.redis.multi();
    for (const id of sessionIds) batch.set(`${KEY_PREFIX}${id}`, '1', 'EX', ttlSeconds);
    const results = await batch.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('session revocation not written');
  }

  /** One GET per privileged request. */
  async isRevoked(sessionId: string): Promise<boolean> {
    await this.firstConnection();
    return (await this.redis.get(`${KEY_PREFIX}${sessionId}`)) !== null;
  }

  /**
   * Without an offline queue a command sent before the first connection is up fails at once, so the first admin
   * requests (or logouts) of a replica that just started would fail; they wait for it (bounded) instead. Once it has been up,
   * a lost connection fails at once as before: an outage is answered by the guard's 503, not by waiting.
   */
  private async firstConnection(): Promise<void> {
    if (this.connectedOnce || this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECTION_WAIT_MS); // then the GET fails and the guard answers 503
      this.redis.once('ready', done);
    });
  }

  close(): void {
    this.redis.disconnect();
  }
}

export function createSessionRevocations(config: ServiceConfig): SessionRevocations {
  const { redisUrl } = config.rateLimit;
  return redisUrl ? RedisSessionRevocations.connect(redisUrl) : new MemorySessionRevocations();
}

/** The service's one revocation store, for user-service (which writes) and the privilege guard (which reads). */
@Global()
@Module({
  providers: [{ provide: SessionRevocations, inject: [ServiceConfig], useFactory: createSessionRevocations }],
  exports: [SessionRevocations],
})
export class SessionRevocationModule implements OnApplicationShutdown {
  constructor(private readonly revocations: SessionRevocations) {}

  async onApplicationShutdown(): Promise<void> {
    await this.revocations.close();
  }
}
