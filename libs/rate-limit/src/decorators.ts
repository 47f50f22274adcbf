import { SetMetadata } from '@nestjs/common';

export const STRICT_RATE_LIMIT = 'rateLimit:strict';
export const SKIP_RATE_LIMIT = 'rateLimit:skip';

/** Health probes and scrapes must never be limited: neither limit counts or refuses them. */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT, true);

/**
 * Adds the stricter `strict` limit (RATE_LIMIT_AUTH_MAX per window, per client IP) on top of the default
 * one: for login, registration, refresh and token endpoints, where guessing is the threat.
 */
export const StrictRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(STRICT_RATE_LIMIT, true);
