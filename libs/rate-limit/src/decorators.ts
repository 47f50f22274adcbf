import { SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';

export const STRICT_RATE_LIMIT = 'rateLimit:strict';

/** Health probes and scrapes must never be limited. */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SkipThrottle({ default: true, strict: true });

/**
 * Adds the stricter `strict` limit (RATE_LIMIT_AUTH_MAX per window, per client IP) on top of the default
 * one: for login, registration, refresh and token endpoints, where guessing is the threat.
 */
export const StrictRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(STRICT_RATE_LIMIT, true);
