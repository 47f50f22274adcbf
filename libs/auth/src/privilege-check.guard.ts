import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  Optional,
  UseGuards,
} from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { ServiceConfig } from '@app/config';
import { ApiAddedProblems, DomainError, problemCodes, type ProblemResponses } from '@app/errors';
import { type AuthenticatedUser } from './roles';
import { createSessionRevocations, SessionRevocations } from './session-revocation';

/** The session behind an admin's access token has ended: the token no longer opens privileged routes. */
export class SessionRevokedError extends DomainError {
  constructor() {
    super(401, 'SESSION_REVOKED', 'Session revoked', {
      detail: 'The session of this access token has ended (logout, password change, or access removed); log in again.',
      headers: { 'WWW-Authenticate': 'Bearer realm="ecommerce", error="invalid_token"' },
    });
  }
}

/** The revocation list did not answer: a privileged route is refused rather than guessed. */
export class PrivilegeCheckUnavailableError extends DomainError {
  constructor() {
    super(503, 'PRIVILEGE_CHECK_UNAVAILABLE', 'Service unavailable', {
      detail: 'Whether this session is still valid cannot be checked right now; retry shortly.',
      headers: { 'Retry-After': '5' },
    });
  }
}

/** The `sid` claim of an access token whose signature the global AuthGuard has already verified. */
export function sessionIdOfAuthorization(header: unknown): string | undefined {
  const value = Array.isArray(header) ? (header[0] as unknown) : header;
  const token = typeof value === 'string' ? value.replace(/^Bearer\s+/, '') : undefined;
  const claims = token ? jwt.decode(token) : null;
  return claims && typeof claims === 'object' && typeof claims.sid === 'string' ? claims.sid : undefined;
}

interface PrivilegedRequest {
  headers: Record<string, unknown>;
  user?: AuthenticatedUser;
}

/**
 * Runs after the global AuthGuard on routes marked `@PrivilegeCheck()`: a caller holding the `admin` role
 * passes only while the session of their token (`sid`) has not been revoked; one GET in Redis per such
 * request. Callers without the admin role pay nothing (routes shared by shoppers and admins). Tokens
 * without `sid` (service clients) have no session to revoke.
 *
 * The store is the service's SessionRevocationModule when it has one (user-service, which writes it);
 * elsewhere the guard opens its own connection to REDIS_URL. Without REDIS_URL other services cannot see
 * user-service's revocations, and say so once at start.
 */
@Injectable()
export class PrivilegeCheckGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger(PrivilegeCheckGuard.name);
  private readonly revocations?: SessionRevocations;
  private readonly owned?: SessionRevocations;

  constructor(config: ServiceConfig, @Optional() shared?: SessionRevocations) {
    if (shared) this.revocations = shared;
    else if (config.rateLimit.redisUrl) this.revocations = this.owned = createSessionRevocations(config);
    else
      this.logger.warn({
        msg: 'privileged routes cannot see revoked sessions: REDIS_URL is not set',
        detail: 'admin tokens stay valid until they expire after logout, demotion or disabling',
      });
  }

  /** Synchronous for callers without the admin role: no promise on shoppers' requests. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<PrivilegedRequest>();
    if (!request.user?.roles.includes('admin') || !this.revocations) return true;
    const sessionId = sessionIdOfAuthorization(request.headers.authorization);
    if (!sessionId) return true;
    return this.checkLive(this.revocations, sessionId);
  }

  private async checkLive(revocations: SessionRevocations, sessionId: string): Promise<boolean> {
    let revoked: boolean;
    try {
      revoked = await revocations.isRevoked(sessionId);
    } catch (error) {
      this.logger.error({ msg: 'session revocation list unavailable', error: String(error) });
      throw new PrivilegeCheckUnavailableError();
    }
    if (revoked) throw new SessionRevokedError();
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.owned?.close();
  }
}

/**
 * What the privilege check adds to a route's answers, in every service's OpenAPI document: each code with an
 * example body as the errors above send it (their title and detail).
 */
export const PRIVILEGE_CHECK_PROBLEMS: ProblemResponses = Object.fromEntries(
  [new SessionRevokedError(), new PrivilegeCheckUnavailableError()].map((error) => [
    error.status,
    problemCodes(error.status, { [error.code]: error.detail }, () => error.title),
  ]),
);

/**
 * Marks a controller or route as privileged: admin tokens must belong to a session that is still live. The
 * route's OpenAPI answers gain PRIVILEGE_CHECK_PROBLEMS, joined with what it documents at 401 and 503.
 */
export const PrivilegeCheck = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(PrivilegeCheckGuard), ApiAddedProblems(PRIVILEGE_CHECK_PROBLEMS)) as MethodDecorator &
    ClassDecorator;
