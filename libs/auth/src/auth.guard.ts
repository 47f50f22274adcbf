import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { currentRequestContext } from '@app/request-context';
import { AuthenticationError, ForbiddenError } from './auth-errors';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { AuthenticatableRequest, RequestAuthenticator } from './request-authenticator';
import { Role } from './roles';

/** Global guard: every route needs a valid access token unless marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<AuthenticatableRequest>();
    this.authenticator.authenticate(request);
    const requestContext = currentRequestContext();
    if (requestContext && request.user) requestContext.userId = request.user.id;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (request.authError) throw request.authError;
    if (!request.user)
      throw new AuthenticationError('AUTHENTICATION_REQUIRED', 'This endpoint requires a bearer access token.');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.some((role) => request.user?.roles.includes(role))) throw new ForbiddenError();
    return true;
  }
}
