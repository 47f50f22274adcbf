import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthenticationError } from './auth-errors';
import { AuthenticatedUser } from './roles';

export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
  authError?: AuthenticationError;
  authChecked?: boolean;
}

/**
 * Verifies a request's bearer token once and remembers the outcome on the request, so the rate limiter
 * (which keys on the user) and the auth guard (which enforces it) never verify twice.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  authenticate(request: AuthenticatableRequest): void {
    if (request.authChecked) return;
    request.authChecked = true;
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    if (!value) return;
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(value.trim());
    if (!match) {
      request.authError = new AuthenticationError(
        'TOKEN_INVALID',
        'The Authorization header must be "Bearer <token>".',
      );
      return;
    }
    try {
      request.user = this.verifier.verify(match[1]);
    } catch (error) {
      request.authError = error as AuthenticationError;
    }
  }
}
