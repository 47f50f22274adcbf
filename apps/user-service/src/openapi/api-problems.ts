import { problemCodes, type ProblemResponses } from '@app/errors';

/**
 * The problem responses of user-service's endpoints, each code described and shown as an example body
 * (clients of an identity service branch on the code: refresh, log in again, or give up).
 */

/** The `title` each documented code is sent with (the errors' own titles). */
const TITLES: Record<string, string> = {
  VALIDATION_FAILED: 'Validation failed',
  RATE_LIMITED: 'Too many requests',
  AUTHENTICATION_REQUIRED: 'Authentication required',
  TOKEN_EXPIRED: 'Invalid access token',
  TOKEN_INVALID: 'Invalid access token',
  FORBIDDEN: 'Forbidden',
  INVALID_CREDENTIALS: 'Invalid credentials',
  ACCOUNT_DISABLED: 'Account disabled',
  REFRESH_TOKEN_INVALID: 'Invalid refresh token',
  INVALID_CLIENT: 'Invalid client',
  USER_NOT_FOUND: 'Not found',
  LOGIN_BUSY: 'Service unavailable',
};
const titleOf = (code: string, status: number): string =>
  TITLES[code] ?? (status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : 'Bad request');

/** One status with the codes it can carry. */
const codes = (status: number, byCode: Record<string, string>): ProblemResponses => ({
  [status]: problemCodes(status, byCode, titleOf),
});

export const INVALID_INPUT = codes(400, { VALIDATION_FAILED: 'A field is missing, invalid or unknown; see errors[].' });

export const RATE_LIMITED = codes(429, { RATE_LIMITED: 'Too many requests; see Retry-After.' });

/** Routes that need a bearer access token (the 401s of libs/auth). */
export const NEEDS_TOKEN = codes(401, {
  AUTHENTICATION_REQUIRED: 'No bearer access token.',
  TOKEN_EXPIRED: 'The access token has expired: refresh it.',
  TOKEN_INVALID: 'The access token is invalid.',
});

/** Routes that need a bearer access token with a role. */
export const NEEDS_ROLE = {
  ...NEEDS_TOKEN,
  ...codes(403, { FORBIDDEN: 'The caller does not have the role this needs.' }),
};

/** Internal routes: a service token (role `service`) and nothing else. */
export const NEEDS_SERVICE_ROLE = {
  ...NEEDS_TOKEN,
  ...codes(403, { FORBIDDEN: 'Service tokens only: a shopper or admin token is refused.' }),
};

export const EMAIL_TAKEN = codes(409, { EMAIL_ALREADY_REGISTERED: 'An account with this email already exists.' });

export const LOGIN_REFUSED = {
  ...codes(401, {
    INVALID_CREDENTIALS: 'Unknown email, wrong password, or the account is temporarily locked (one answer for all).',
  }),
  ...codes(403, { ACCOUNT_DISABLED: 'The password is right but the account is disabled.' }),
  ...codes(429, { RATE_LIMITED: 'Too many attempts from this address or for this email; see Retry-After.' }),
};

export const REFRESH_REFUSED = {
  ...codes(401, { REFRESH_TOKEN_INVALID: 'Unknown, expired, revoked or already used: log in again.' }),
  ...codes(403, { ACCOUNT_DISABLED: 'The account has been disabled.' }),
};

const NO_ACCOUNT = {
  FORBIDDEN: 'Service tokens have no account.',
  ACCOUNT_DISABLED: 'The account has been disabled.',
};
const ACCOUNT_GONE = codes(404, { USER_NOT_FOUND: 'The account no longer exists.' });

/** The caller's own account: a service token has none, and the account may be disabled or gone. */
export const OWN_ACCOUNT_PROBLEMS = { ...codes(403, NO_ACCOUNT), ...ACCOUNT_GONE };

export const PASSWORD_CHANGE_REFUSED = {
  ...codes(403, { ...NO_ACCOUNT, CURRENT_PASSWORD_INCORRECT: 'The current password is incorrect.' }),
  ...ACCOUNT_GONE,
};

export const USER_NOT_FOUND = codes(404, { USER_NOT_FOUND: 'No such user.' });

/** A shopper who must not be mailed: unknown, or their account is disabled (one answer for both). */
export const CONTACT_NOT_FOUND = codes(404, { USER_NOT_FOUND: 'No such user, or the account is disabled.' });

export const OWN_ACCESS_CHANGE = codes(403, {
  FORBIDDEN: 'The caller does not have the role this needs.',
  CANNOT_CHANGE_OWN_ACCESS: 'Admins cannot change their own roles or status.',
});

export const LAST_ADMIN = codes(409, { LAST_ADMIN: 'The last active admin can be neither demoted nor disabled.' });

/** Routes that hash a password: the bcrypt queue may be full. */
export const PASSWORD_WORK_BUSY = codes(503, { LOGIN_BUSY: 'Too many password checks in progress; see Retry-After.' });

export const INVALID_CLIENT = codes(401, { INVALID_CLIENT: 'Unknown client or wrong client secret.' });
