import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import jwt from 'jsonwebtoken';

/** The `sid` claim of a bearer Authorization header; undefined when there is none to read. */
export function sessionIdOf(header: unknown): string | undefined {
  const token = typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
  const claims = token ? jwt.decode(token) : null;
  return claims && typeof claims === 'object' && typeof claims.sid === 'string' ? claims.sid : undefined;
}

/**
 * The `sid` (refresh session) of the caller's access token. Decoding without verifying is safe here: the
 * global auth guard has already verified this exact header before any handler runs.
 */
export const SessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined =>
  sessionIdOf(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization),
);
