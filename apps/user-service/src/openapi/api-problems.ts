import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems, problemCodes } from '@app/errors';

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

/** One status with the problem codes it can carry, each with an example body: `@ApiProblems(codes(409, {...}))`. */
export const codes = (status: number, byCode: Record<string, string>) => ({
  [status]: problemCodes(status, byCode, titleOf),
});

export const ApiValidationProblem = (): MethodDecorator & ClassDecorator =>
  ApiProblems(codes(400, { VALIDATION_FAILED: 'A field is missing, invalid or unknown; see errors[].' }));

export const ApiRateLimited = (): MethodDecorator & ClassDecorator =>
  ApiProblems(codes(429, { RATE_LIMITED: 'Too many requests; see Retry-After.' }));

/** A route that needs a bearer access token (401 matrix of libs/auth), optionally with a role (403). */
export function ApiAuthenticated(withRole = false): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiProblems(
      codes(401, {
        AUTHENTICATION_REQUIRED: 'No bearer access token.',
        TOKEN_EXPIRED: 'The access token has expired: refresh it.',
        TOKEN_INVALID: 'The access token is invalid.',
      }),
    ),
    ...(withRole ? [ApiProblems(codes(403, { FORBIDDEN: 'The caller does not have the role this needs.' }))] : []),
  );
}
