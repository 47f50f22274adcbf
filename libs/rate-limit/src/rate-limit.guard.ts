import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type AuthenticatableRequest,
  perRoute,
  RequestAuthenticator,
  type RouteController,
  type RouteHandler,
} from '@app/auth';
import { ServiceConfig } from '@app/config';
import { DomainError } from '@app/errors';
import { SKIP_RATE_LIMIT, STRICT_RATE_LIMIT } from './decorators';
import { type RateLimitRecord, RateLimitStorage } from './rate-limit.storage';

/** The request as the guard reads it: headers for the token, and the client address (after TRUST_PROXY). */
export type RateLimitedRequest = AuthenticatableRequest & { ip: string };

/** Fastify's reply (`header`) or a Node response (`setHeader`). */
type HeaderTarget = {
  header?: (name: string, value: string) => unknown;
  setHeader?: (name: string, value: string) => unknown;
};

/** One limit: how many requests per window, the prefix of its counters' keys and the headers that report it. */
interface Policy {
  limit: number;
  windowMs: number;
  keyPrefix: string;
  headers: { limit: string; remaining: string; reset: string };
}

/** The problem every rate-limited request gets: 429 `RATE_LIMITED`, with `Retry-After` in seconds. */
export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests', {
      detail: 'Too many requests; retry after the time given in Retry-After.',
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** What a route's decorators say, fixed once the application is built. */
interface Route {
  skip: boolean;
  strict: boolean;
}

/**
 * The global rate limit of every service (docs/decisions/0012-own-rate-limit-guard.md):
 * - `default`: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS per user when the request carries a valid
 *   token, else per client IP; reported in `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`;
 * - `strict`, on `@StrictRateLimit()` routes, on top: RATE_LIMIT_AUTH_MAX per client IP even with a token
 *   (guessing passwords or tokens is limited per address); reported with a `-strict` suffix;
 * - `service`: our own services' tokens (`service` role) get RATE_LIMIT_SERVICE_MAX per client id instead of
 *   the default: one token carries many shoppers' traffic, but a stolen or runaway client is still bounded;
 * - `@SkipRateLimit()` routes (probes, provider webhooks) are not counted at all;
 * - over a limit: 429 `RATE_LIMITED` with `Retry-After`; a request the default limit refuses is not counted
 *   against the strict one.
 *
 * Counter keys are `<limit>:user:<id>` and `<limit>:ip:<address>` in the storage's namespace.
 * With the in-memory storage a request is decided without creating a single promise; see RateLimitStorage.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly byClient: Policy;
  private readonly strict: Policy;
  private readonly byService: Policy;
  private readonly routes: (context: ExecutionContext) => Route;

  constructor(
    config: ServiceConfig,
    private readonly storage: RateLimitStorage,
    private readonly authenticator: RequestAuthenticator,
    reflector: Reflector,
  ) {
    const { windowMs, max, authMax, serviceMax } = config.rateLimit;
    this.byClient = policy('default', max, windowMs, '');
    this.byService = policy('service', serviceMax, windowMs, '');
    this.strict = policy('strict', authMax, windowMs, '-strict');
    // A handler's decorator wins over its controller's, as everywhere in Nest.
    const read = (key: string, handler: RouteHandler, controller: RouteController) =>
      reflector.getAllAndOverride<boolean | undefined>(key, [handler, controller]) === true;
    this.routes = perRoute((handler, controller) => ({
      skip: read(SKIP_RATE_LIMIT, handler, controller),
      strict: read(STRICT_RATE_LIMIT, handler, controller),
    }));
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routes(context);
    if (route.skip) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<RateLimitedRequest>();
    // Verified once per request and remembered on it, so the auth guard that follows does not verify again.
    this.authenticator.authenticate(request);
    const { user } = request;
    const response = http.getResponse<HeaderTarget>();
    if (user?.roles.includes('service')) return this.count(response, this.byService, `client:${user.id}`);
    const client = user ? `user:${user.id}` : `ip:${request.ip}`;
    const counted = this.count(response, this.byClient, client);
    if (!route.strict) return counted;
    const address = `ip:${request.ip}`;
    return counted instanceof Promise
      ? counted.then(() => this.count(response, this.strict, address))
      : this.count(response, this.strict, address);
  }

  /** Counts the request against one limit, then reports it in the headers or refuses the request. */
  private count(response: HeaderTarget, policy: Policy, client: string): boolean | Promise<boolean> {
    const record = this.storage.increment(policy.keyPrefix + client, policy.windowMs, policy.limit);
    return record instanceof Promise
      ? record.then((answer) => admit(response, policy, answer))
      : admit(response, policy, record);
  }
}

function policy(name: string, limit: number, windowMs: number, suffix: string): Policy {
  return {
    limit,
    windowMs,
    keyPrefix: `${name}:`,
    headers: {
      limit: `RateLimit-Limit${suffix}`,
      remaining: `RateLimit-Remaining${suffix}`,
      reset: `RateLimit-Reset${suffix}`,
    },
  };
}

function admit(response: HeaderTarget, policy: Policy, record: RateLimitRecord): true {
  if (record.isBlocked) throw new RateLimitedError(record.timeToBlockExpire);
  setHeader(response, policy.headers.limit, policy.limit);
  setHeader(response, policy.headers.remaining, Math.max(0, policy.limit - record.totalHits));
  setHeader(response, policy.headers.reset, record.timeToExpire);
  return true;
}

function setHeader(response: HeaderTarget, name: string, value: number): void {
  if (response.header) response.header(name, String(value));
  else response.setHeader?.(name, String(value));
}
