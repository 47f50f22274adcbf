import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimitStorage } from '@app/rate-limit';
import { ServiceConfig } from '@app/config';
import { UserSettings } from '../user-settings';
import { TooManyLoginAttemptsError } from './auth.errors';

/**
 * The per-email login limit, on top of the per-IP one: LOGIN_MAX_ATTEMPTS_PER_EMAIL attempts per
 * RATE_LIMIT_WINDOW_MS for one email address, from any number of addresses. It counts emails with and
 * without an account alike (no oracle), in the same storage as the other limits (memory, or Redis across
 * replicas). The key is a hash, so no email address is written to Redis.
 */
@Injectable()
export class LoginAttemptLimiter {
  constructor(
    @Inject(RateLimitStorage) private readonly storage: RateLimitStorage,
    private readonly settings: UserSettings,
    private readonly config: ServiceConfig,
  ) {}

  async admit(normalizedEmail: string): Promise<void> {
    const key = `login-email:${createHash('sha256').update(normalizedEmail).digest('base64url')}`;
    const limit = this.settings.login.maxAttemptsPerEmail;
    const record = await this.storage.increment(key, this.config.rateLimit.windowMs, limit);
    if (record.isBlocked) throw new TooManyLoginAttemptsError(record.timeToBlockExpire);
  }
}
