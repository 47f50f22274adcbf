import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { currentRequestContext } from '@app/request-context';
import { AuthenticationError, ForbiddenError } from './auth-errors';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { perRoute } from './per-route';
import { AuthenticatableRequest, RequestAuthenticator } from './request-authenticator';
import { Role } from './roles';

interface RouteAccess {
  isPublic: boolean;
  roles?: Role[];
}

/** Global guard: every route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly accessOf = perRoute((handler, controller): RouteAccess => ({
    isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller])),
    roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [handler, controller]),
  }));

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatableRequest>();
    this.authenticator.authenticate(request);
    const requestContext = currentRequestContext();
    if (requestContext && request.user) requestContext.userId = request.user.id;
    const { isPublic, roles } = this.accessOf(context);
    if (isPublic) return true;
    if (request.authError) throw request.authError;
    if (!request.user)
      throw new AuthenticationError('AUTHENTICATION_REQUIRED', 'This endpoint requires a bearer access token.');
    if (roles && !roles.some((role) => request.user?.roles.includes(role))) throw new ForbiddenError();
    return true;
  }
}
