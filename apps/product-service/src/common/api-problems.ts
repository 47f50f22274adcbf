import { createApiProblems, EXAMPLE_REQUEST_ID } from '@app/errors';

/**
 * Problem responses of product-service's endpoints (the mechanism is `@app/errors`). Every endpoint can be
 * rate limited and can find the database unavailable; the rest each endpoint states.
 */
export const { ApiProblems } = createApiProblems({
  name: 'ProblemView',
  fieldErrorName: 'FieldErrorView',
  example: {
    type: 'urn:ecommerce:problem:validation-failed',
    title: 'Validation failed',
    status: 400,
    detail: 'The request is not valid; see errors[] for each field.',
    instance: '/api/v1/products',
    code: 'VALIDATION_FAILED',
    requestId: EXAMPLE_REQUEST_ID,
    errors: [{ field: 'price', messages: ['price must not be less than 0'] }],
  },
  common: {
    429: 'Rate limit exceeded (`RATE_LIMITED`); see `Retry-After`.',
    503: 'The database is unavailable (`DATABASE_UNAVAILABLE`); see `Retry-After`.',
  },
});

export const INVALID_INPUT = {
  400: 'Invalid input (`VALIDATION_FAILED` with `errors[]`, `MALFORMED_JSON`): nothing changed.',
};

/** Endpoints that need an access token with a role (admin, or a service token). */
export const NEEDS_ROLE = {
  401: 'Missing, expired or invalid access token (`AUTHENTICATION_REQUIRED`, `TOKEN_EXPIRED`, `TOKEN_INVALID`).',
  403: 'The token lacks the required role (`FORBIDDEN`).',
};
