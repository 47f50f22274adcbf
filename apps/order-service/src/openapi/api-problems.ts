/** Problem responses every order-service endpoint has: each needs a token, checks roles, can be rate limited. */
export const COMMON_PROBLEMS = {
  401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED, TOKEN_INVALID (with WWW-Authenticate)',
  403: 'FORBIDDEN: the role does not allow it',
  429: 'RATE_LIMITED (Retry-After)',
};
