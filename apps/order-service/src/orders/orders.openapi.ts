import { createApiProblems } from '@app/errors';

/**
 * Problem responses of order-service's endpoints (the mechanism is `@app/errors`): status → the codes it can
 * carry. Every endpoint needs a token, checks roles and can be rate limited.
 */
export const { ApiProblems } = createApiProblems({
  name: 'ProblemResponse',
  fieldErrorName: 'FieldErrorResponse',
  example: {
    type: 'urn:ecommerce:problem:insufficient-stock',
    title: 'Conflict',
    status: 409,
    detail: 'Not enough stock for: Enamel mug. Nothing was reserved; the cart is unchanged.',
    instance: '/api/v1/orders',
    code: 'INSUFFICIENT_STOCK',
  },
  descriptions: { code: 'Stable machine code.', errors: 'Per-field validation failures.' },
  common: {
    401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED, TOKEN_INVALID (with WWW-Authenticate)',
    403: 'FORBIDDEN: the role does not allow it',
    429: 'RATE_LIMITED (Retry-After)',
  },
});
