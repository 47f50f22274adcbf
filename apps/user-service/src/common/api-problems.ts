import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, problemType } from '@app/errors';

class FieldErrorBody {
  @ApiProperty({ example: 'password', maxLength: 200 })
  field: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 500 },
    maxItems: 20,
    example: ['password must be at least 12 characters long'],
  })
  messages: string[];
}

/** The RFC 9457 body every error has (docs/errors.md), for the OpenAPI document. */
export class ProblemBody {
  @ApiProperty({ example: 'urn:ecommerce:problem:validation-failed', maxLength: 200 })
  type: string;
  @ApiProperty({ example: 'Validation failed', maxLength: 200 })
  title: string;
  @ApiProperty({ example: 400, minimum: 400, maximum: 599, format: 'int32' })
  status: number;
  @ApiProperty({ example: 'The request is not valid; see errors[] for each field.', maxLength: 2000 })
  detail: string;
  @ApiProperty({ example: '/api/v1/auth/register', maxLength: 2000 })
  instance: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code.', maxLength: 100 })
  code: string;
  @ApiProperty({ example: '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10', maxLength: 128 })
  requestId: string;
  @ApiPropertyOptional({ type: [FieldErrorBody], maxItems: 100 })
  errors?: FieldErrorBody[];
}

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
export function ApiProblems(status: number, codes: Record<string, string>): MethodDecorator & ClassDecorator {
  const examples = Object.fromEntries(
    Object.entries(codes).map(([code, detail]) => [
      code,
      {
        summary: code,
        value: {
          type: problemType(code),
          title: titleOf(code, status),
          status,
          detail,
          instance: '/api/v1/...',
          code,
          requestId: '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10',
        },
      },
    ]),
  );
  return applyDecorators(
    ApiExtraModels(ProblemBody),
    ApiResponse({
      status,
      description: Object.entries(codes)
        .map(([code, detail]) => `\`${code}\`: ${detail}`)
        .join(' '),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemBody) }, examples } },
    }),
  );
}

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
