import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  type Resolvable,
  ThrottlerGenerateKeyFunction,
  ThrottlerGetTrackerFunction,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
// The metadata keys of @SkipThrottle/@Throttle, from the installed library itself (not re-exported by its index).
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import { Inject } from '@nestjs/common';
import {
  AuthenticatableRequest,
  perRoute,
  RequestAuthenticator,
  type RouteController,
  type RouteHandler,
} from '@app/auth';

/** What the decorators of one route say about one throttler: fixed once the application is built. */
interface RouteThrottler {
  throttler: ThrottlerOptions & { name: string };
  skip: boolean;
  limit: Resolvable<number>;
  ttl: Resolvable<number>;
  blockDuration: Resolvable<number> | undefined;
  getTracker: ThrottlerGetTrackerFunction;
  generateKey: ThrottlerGenerateKeyFunction;
  headers: { limit: string; remaining: string; reset: string; retryAfter: string };
}

/** A value, or what a function of the request gives for it (possibly a promise). */
const valueOf = (context: ExecutionContext, value: Resolvable<number>): number | Promise<number> =>
  typeof value === 'function' ? value(context) : value;

function toNumber(value: unknown, option: string, throttlerName: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    throw new Error(
      `Invalid "${option}" for the "${throttlerName}" throttler: expected a number, got ${JSON.stringify(value)}.`,
    );
  }
  return number;
}

/**
 * Limits per user when the request carries a valid token and per client IP otherwise, across all routes of
 * a service, and answers with the standard `RateLimit-*` headers plus `Retry-After` on 429.
 *
 * `canActivate` (with `limit`, the library's `handleRequest`) does what @nestjs/throttler 6.7's does, step for
 * step, with two differences that change no outcome, only the cost: a route's throttler decorators are read
 * once per route (they are fixed when the application is built) instead of 14 reflection lookups per request,
 * and a value is awaited only when it is asynchronous. The library's version created about 15 promises per
 * request, each also paying the request context's async hooks. The guard cost about 30 µs of CPU per cached
 * catalog read; this (with the once-per-route metadata of AuthGuard and isStrictRoute) takes 204 -> 192 µs per
 * cached catalog read and 73 -> 69 µs on GET /health/live (docs/benchmarks.md). On a library upgrade, compare with its
 * ThrottlerGuard.canActivate/handleRequest (the rate limiting e2e tests cover headers, 429, skips, strict).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly routeThrottlers = perRoute((handler, controller) => this.readRoute(handler, controller));

  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {
    super(options, storage, reflector);
    this.headerPrefix = 'RateLimit';
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isOwnService(context)) return true;
    for (const route of this.routeThrottlers(context)) {
      const skipIf = route.throttler.skipIf ?? this.commonOptions.skipIf;
      if (route.skip || skipIf?.(context)) continue;
      const { name } = route.throttler;
      let value = valueOf(context, route.limit);
      const limit = toNumber(value instanceof Promise ? await value : value, 'limit', name);
      value = valueOf(context, route.ttl);
      const ttl = toNumber(value instanceof Promise ? await value : value, 'ttl', name);
      value = route.blockDuration === undefined ? ttl : valueOf(context, route.blockDuration);
      const blockDuration = toNumber(value instanceof Promise ? await value : value, 'blockDuration', name);
      await this.limit(context, route, limit, ttl, blockDuration);
    }
    return true;
  }

  /**
   * Our own services are not limited per caller: one service token carries the traffic of every shopper
   * (the shoppers themselves are limited where they enter). Their routes are cluster-internal.
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.isOwnService(context);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return this.trackerOf(request);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  private isOwnService(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatableRequest>();
    this.authenticator.authenticate(request);
    return request.user?.roles.includes('service') === true;
  }

  private trackerOf(request: Record<string, unknown>): string {
    const authenticatable = request as unknown as AuthenticatableRequest & { ip: string };
    this.authenticator.authenticate(authenticatable);
    return authenticatable.user ? `user:${authenticatable.user.id}` : `ip:${authenticatable.ip}`;
  }

  /** The library's handleRequest for one throttler: count the hit, set the headers, refuse over the limit. */
  private async limit(
    context: ExecutionContext,
    route: RouteThrottler,
    limit: number,
    ttl: number,
    blockDuration: number,
  ): Promise<void> {
    const { req, res } = this.getRequestResponse(context);
    const { throttler, headers } = route;
    const ignoreUserAgents = throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents;
    if (Array.isArray(ignoreUserAgents)) {
      for (const pattern of ignoreUserAgents) if (pattern.test(req.headers['user-agent'])) return;
    }
    const found = route.getTracker(req, context);
    const tracker = typeof found === 'string' ? found : await found;
    const key = route.generateKey(context, tracker, throttler.name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, throttler.name);
    const setHeaders = throttler.setHeaders ?? this.commonOptions.setHeaders ?? true;
    if (record.isBlocked) {
      if (setHeaders) this.setResponseHeader(res, headers.retryAfter, record.timeToBlockExpire);
      await this.throwThrottlingException(context, { limit, ttl, key, tracker, ...record });
    }
    if (setHeaders) {
      this.setResponseHeader(res, headers.limit, limit);
      this.setResponseHeader(res, headers.remaining, Math.max(0, limit - record.totalHits));
      this.setResponseHeader(res, headers.reset, record.timeToExpire);
    }
  }

  private readRoute(handler: RouteHandler, classRef: RouteController): RouteThrottler[] {
    const read = <T>(key: string, name: string) =>
      this.reflector.getAllAndOverride<T | undefined>(key + name, [handler, classRef]);
    // Module-wide functions from the options; otherwise this guard's own (the library binds the same ones).
    const common: Pick<ThrottlerOptions, 'getTracker' | 'generateKey'> = Array.isArray(this.options)
      ? {}
      : this.options;
    return this.throttlers.map((options) => {
      const throttler = options as ThrottlerOptions & { name: string };
      const { name } = throttler;
      const suffix = name === 'default' ? '' : `-${name}`;
      return {
        throttler,
        skip: Boolean(read<boolean>(THROTTLER_SKIP, name)),
        limit: read<Resolvable<number>>(THROTTLER_LIMIT, name) ?? throttler.limit,
        ttl: read<Resolvable<number>>(THROTTLER_TTL, name) ?? throttler.ttl,
        blockDuration: read<Resolvable<number>>(THROTTLER_BLOCK_DURATION, name) ?? throttler.blockDuration,
        getTracker:
          read<ThrottlerGetTrackerFunction>(THROTTLER_TRACKER, name) ??
          throttler.getTracker ??
          common.getTracker ??
          // this.getTracker's answer, without its promise
          ((request: Record<string, unknown>) => this.trackerOf(request)),
        generateKey:
          read<ThrottlerGenerateKeyFunction>(THROTTLER_KEY_GENERATOR, name) ??
          throttler.generateKey ??
          common.generateKey ??
          ((context, tracker, throttlerName) => this.generateKey(context, tracker, throttlerName)),
        headers: {
          limit: `${this.headerPrefix}-Limit${suffix}`,
          remaining: `${this.headerPrefix}-Remaining${suffix}`,
          reset: `${this.headerPrefix}-Reset${suffix}`,
          retryAfter: `Retry-After${suffix}`,
        },
      };
    });
  }
}
