import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { currentRequestContext } from '@app/request-context';
import { AuthenticationError, ForbiddenError } from './auth-errors';
import { IS_PUBLIC, NO_STORE, REQUIRED_ROLES, REQUIRED_SCOPE } from './decorators';
import { perRoute } from './per-route';
import { AuthenticatableRequest, RequestAuthenticator } from './request-authenticator';
import { Role, Scope } from './roles';

interface RouteAccess {
  isPublic: boolean;
  roles?: Role[];
  scope?: Scope;
  /** Whether the answer may hold personal data, so no cache (browser, proxy, CDN) may keep it. */
  noStore: boolean;
}

/** Fastify's reply (`header`) or a Node response (`setHeader`). */
type HeaderTarget = {
  header?: (name: string, value: string) => unknown;
  setHeader?: (name: string, value: string) => unknown;
};

const READS = new Set(['GET', 'HEAD']);

/**
 * Global guard: every route needs a valid access token unless marked `@Public()`; `@Roles()` and
 * `@RequireScope()` narrow who may call it. A token that is present but invalid or expired is refused on public
 * routes too (401), so a client notices and refreshes instead of silently browsing as anonymous.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly accessOf = perRoute((handler, controller): RouteAccess => {
    const read = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
    return {
      isPublic: read<boolean>(IS_PUBLIC) === true,
      roles: read<Role[]>(REQUIRED_ROLES),
      scope: read<Scope>(REQUIRED_SCOPE),
      noStore: read<boolean>(NO_STORE) === true,
    };
  });

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatableRequest & { method?: string }>();
    this.authenticator.authenticate(request);
    const requestContext = currentRequestContext();
    if (requestContext && request.user) requestContext.userId = request.user.id;
    const { isPublic, roles, scope, noStore } = this.accessOf(context);
    // Set before anything can fail, so a problem answer is not stored either; a handler's own header wins.
    if (noStore || !isPublic || !READS.has(request.method ?? 'GET'))
      setHeader(http.getResponse<HeaderTarget>(), 'Cache-Control', 'no-store');
    if (request.authError) throw request.authError;
    if (isPublic) return true;
    if (!request.user)
      throw new AuthenticationError('AUTHENTICATION_REQUIRED', 'This endpoint requires a bearer access token.');
    if (roles && !roles.some((role) => request.user?.roles.includes(role))) throw new ForbiddenError();
    if (scope && !request.user.scopes?.includes(scope))
      throw new ForbiddenError(`This endpoint needs a token with the scope "${scope}".`);
    return true;
  }
}

function setHeader(response: HeaderTarget, name: string, value: string): void {
  if (response.header) response.header(name, value);
  else response.setHeader?.(name, value);
}
