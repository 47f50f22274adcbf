import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { createApiProblems, EXAMPLE_REQUEST_ID, problemCodes } from '@app/errors';

/** user-service's problem schema (the mechanism is `@app/errors`); its responses show one example per code. */
const { ApiProblems: ApiProblemResponses } = createApiProblems({
  name: 'ProblemBody',
  fieldErrorName: 'FieldErrorBody',
  example: {
    type: 'urn:ecommerce:problem:validation-failed',
    title: 'Validation failed',
    status: 400,
    detail: 'The request is not valid; see errors[] for each field.',
    instance: '/api/v1/auth/register',
    code: 'VALIDATION_FAILED',
    requestId: EXAMPLE_REQUEST_ID,
    errors: [{ field: 'password', messages: ['password must be at least 12 characters long'] }],
  },
  descriptions: { code: 'Stable machine-readable code.' },
});

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
};
const titleOf = (code: string, status: number): string =>
  TITLES[code] ?? (status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : 'Bad request');

/** Documents one status with the problem codes it can carry, each with an example body. */
export const ApiProblems = (status: number, codes: Record<string, string>): MethodDecorator & ClassDecorator =>
  ApiProblemResponses({ [status]: problemCodes(status, codes, titleOf) });

export const ApiValidationProblem = (): MethodDecorator & ClassDecorator =>
  ApiProblems(400, { VALIDATION_FAILED: 'A field is missing, invalid or unknown; see errors[].' });

export const ApiRateLimited = (): MethodDecorator & ClassDecorator =>
  ApiProblems(429, { RATE_LIMITED: 'Too many requests; see Retry-After.' });

/** A route that needs a bearer access token (401 matrix of libs/auth), optionally with a role (403). */
export function ApiAuthenticated(withRole = false): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiProblems(401, {
      AUTHENTICATION_REQUIRED: 'No bearer access token.',
      TOKEN_EXPIRED: 'The access token has expired: refresh it.',
      TOKEN_INVALID: 'The access token is invalid.',
    }),
    ...(withRole ? [ApiProblems(403, { FORBIDDEN: 'The caller does not have the role this needs.' })] : []),
  );
}
