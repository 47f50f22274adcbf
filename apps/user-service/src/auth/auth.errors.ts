import { DomainError } from '@app/errors';

/**
 * The one answer for an unknown email, a wrong password and a locked account, so the login endpoint never
 * tells an attacker which emails exist or that a guess happened to be right during a lockout.
 */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, 'INVALID_CREDENTIALS', 'Invalid credentials', {
      detail:
        'The email or password is incorrect, or the account is temporarily locked after repeated failed attempts.',
    });
  }
}

/** Only ever reported to a caller who proved the password (or holds a session), so it reveals nothing new. */
export class AccountDisabledError extends DomainError {
  constructor() {
    super(403, 'ACCOUNT_DISABLED', 'Account disabled', { detail: 'This account has been disabled.' });
  }
}

/** Unknown, expired, revoked or already-used refresh token: the client has to log in again. */
export class RefreshTokenInvalidError extends DomainError {
  constructor() {
    super(401, 'REFRESH_TOKEN_INVALID', 'Invalid refresh token', {
      detail: 'The refresh token is invalid, expired or revoked; log in again.',
    });
  }
}

export class EmailAlreadyRegisteredError extends DomainError {
  constructor() {
    super(409, 'EMAIL_ALREADY_REGISTERED', 'Conflict', { detail: 'An account with this email already exists.' });
  }
}

/** The per-email login limit; the same shape and code as the shared per-IP limit. */
export class TooManyLoginAttemptsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests', {
      detail: `Too many login attempts for this email address; retry after ${retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
