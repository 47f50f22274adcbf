import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { Inject } from '@nestjs/common';
import { AuthenticatableRequest, RequestAuthenticator } from '@app/auth';

/**
 * Limits per user when the request carries a valid token and per client IP otherwise, across all routes of
 * a service, and answers with the standard `RateLimit-*` headers plus `Retry-After` on 429.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @Inject(getOptionsToken()) options: ThrottlerModuleOptions,
    @Inject(getStorageToken()) storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {
    super(options, storage, reflector);
    this.headerPrefix = 'RateLimit';
  }

  /**
   * Our own services are not limited per caller: one service token carries the traffic of every shopper
   * (the shoppers themselves are limited where they enter). Their routes are cluster-internal.
   */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatableRequest>();
    this.authenticator.authenticate(request);
    return request.user?.roles.includes('service') === true;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const authenticatable = request as unknown as AuthenticatableRequest & { ip: string };
    this.authenticator.authenticate(authenticatable);
    return authenticatable.user ? `user:${authenticatable.user.id}` : `ip:${authenticatable.ip}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
