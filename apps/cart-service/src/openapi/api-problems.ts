/** Problem responses every cart-service endpoint has: each needs a shopper's token and can be rate limited. */
export const COMMON_PROBLEMS = {
  401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED or TOKEN_INVALID',
  403: 'FORBIDDEN: only shoppers (customer or admin) have carts',
  429: 'RATE_LIMITED',
};

/** Problem responses of the internal endpoints: a service token is required, and they are not rate limited. */
export const INTERNAL_PROBLEMS = {
  401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED or TOKEN_INVALID',
  403: 'FORBIDDEN: service tokens only',
};
