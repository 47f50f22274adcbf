import { DomainError } from '@app/errors';

/**
 * The one answer for an unknown email, a wrong password and a locked account, so the login endpoint never
 * tells an attacker which emails exist or that a guess happened to be right during a lockout.
 */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, 'INVALID_CREDENTIALS', 'Invalid credentials', {
      detail: 'The email or password is incorrect, or the account is temporarily locked while it is under attack.',
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

/**
 * Login throttling (per email and client address, or per address): the same shape and code as the shared
 * rate limit. It never says whether the email exists or the password was right.
 */
export class LoginThrottledError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many requests', {
      detail: `Too many failed login attempts from this address; retry after ${retryAfterSeconds} s.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
