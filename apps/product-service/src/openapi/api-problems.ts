/** Problem responses every product-service endpoint has: it can be rate limited and find the database down. */
export const COMMON_PROBLEMS = {
  429: 'Rate limit exceeded (`RATE_LIMITED`); see `Retry-After`.',
  503: 'The database is unavailable (`DATABASE_UNAVAILABLE`); see `Retry-After`.',
};

export const INVALID_INPUT = {
  400: 'Invalid input (`VALIDATION_FAILED` with `errors[]`, `MALFORMED_JSON`): nothing changed.',
};

/** Endpoints that need an access token with a role (admin, or a service token). */
export const NEEDS_ROLE = {
  401: 'Missing, expired or invalid access token (`AUTHENTICATION_REQUIRED`, `TOKEN_EXPIRED`, `TOKEN_INVALID`).',
  403: 'The token lacks the required role (`FORBIDDEN`).',
};
