import { createApiProblems, EXAMPLE_REQUEST_ID } from '@app/errors';

/**
 * Problem responses of cart-service's endpoints (the mechanism is `@app/errors`): each status with the codes a
 * client may see there. Every route needs a shopper's token and can be rate limited.
 */
export const { ApiProblems } = createApiProblems({
  name: 'ProblemDto',
  fieldErrorName: 'FieldErrorDto',
  example: {
    type: 'urn:ecommerce:problem:insufficient-stock',
    title: 'Conflict',
    status: 409,
    detail: 'Only 3 of product 65f0c0ffee0000000000abcd are available.',
    instance: '/api/v1/cart/items',
    code: 'INSUFFICIENT_STOCK',
    requestId: EXAMPLE_REQUEST_ID,
    errors: [{ field: 'quantity', messages: ['quantity must not be less than 1'] }],
  },
  descriptions: { code: 'Stable machine code; see the service README.' },
  common: {
    401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED or TOKEN_INVALID',
    403: 'FORBIDDEN: only shoppers (customer or admin) have carts',
    429: 'RATE_LIMITED',
  },
});
