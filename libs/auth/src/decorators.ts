import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { type AuthenticatedUser, type Role, type Scope } from './roles';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';
export const REQUIRED_SCOPE = 'auth:scope';
export const NO_STORE = 'auth:noStore';

/** Marks public operations in the OpenAPI document, where the service kit declares them anonymous. */
export const PUBLIC_EXTENSION = 'x-public';

/** Opts a route (or controller) out of the global authentication guard. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true)) as MethodDecorator &
    ClassDecorator;

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The caller's token must carry this scope (service tokens: docs/contracts/internal-api.md). Stated in the
 * OpenAPI document as `x-required-scope`, so the internal contract names it per operation.
 */
export const RequireScope = (scope: Scope): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_SCOPE, scope), ApiExtension('x-required-scope', scope)) as MethodDecorator &
    ClassDecorator;

/**
 * `Cache-Control: no-store` on a public GET that answers personal data. Every authenticated route and every
 * public route that is not a GET (login, registration, refresh) gets it anyway (see AuthGuard).
 */
export const NoStore = (): MethodDecorator & ClassDecorator => SetMetadata(NO_STORE, true);

/** Injects the authenticated caller into a handler parameter. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined => {
    return context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  },
);
