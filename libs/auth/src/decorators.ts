import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { type AuthenticatedUser, type Role } from './roles';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:roles';

/** Marks public operations in the OpenAPI document, where the service kit declares them anonymous. */
export const PUBLIC_EXTENSION = 'x-public';

/** Opts a route (or controller) out of the global authentication guard. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true)) as MethodDecorator &
    ClassDecorator;

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** Injects the authenticated caller into a handler parameter. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined => {
    return context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  },
);
