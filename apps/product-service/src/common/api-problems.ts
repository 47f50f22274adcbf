import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

class FieldErrorView {
  @ApiProperty({ example: 'price', maxLength: 200 })
  field: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 500 },
    example: ['price must not be less than 0'],
    maxItems: 20,
  })
  messages: string[];
}

/** RFC 9457 problem details as every service returns them (docs/errors.md). */
export class ProblemView {
  @ApiProperty({ example: 'urn:ecommerce:problem:validation-failed', maxLength: 200 })
  type: string;

  @ApiProperty({ example: 'Validation failed', maxLength: 200 })
  title: string;

  @ApiProperty({ example: 400, minimum: 400, maximum: 599, format: 'int32' })
  status: number;

  @ApiProperty({ example: 'The request is not valid; see errors[] for each field.', maxLength: 1000 })
  detail: string;

  @ApiProperty({ example: '/api/v1/products', maxLength: 2000 })
  instance: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', maxLength: 100 })
  code: string;

  @ApiPropertyOptional({ example: '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10', maxLength: 128 })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorView], maxItems: 100 })
  errors?: FieldErrorView[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (`VALIDATION_FAILED` with `errors[]`, `MALFORMED_JSON`): nothing changed.',
  401: 'Missing, expired or invalid access token (`AUTHENTICATION_REQUIRED`, `TOKEN_EXPIRED`, `TOKEN_INVALID`).',
  403: 'The token lacks the required role (`FORBIDDEN`).',
  429: 'Rate limit exceeded (`RATE_LIMITED`); see `Retry-After`.',
  503: 'The database is unavailable (`DATABASE_UNAVAILABLE`); see `Retry-After`.',
};

/** Documents problem responses; `extra` describes the endpoint's own codes, e.g. `{ 404: 'PRODUCT_NOT_FOUND' }`. */
export function ApiProblems(statuses: number[], extra: Record<number, string> = {}): MethodDecorator {
  const all = [...new Set([...statuses, ...Object.keys(extra).map(Number), 429, 503])].sort();
  return applyDecorators(
    ApiExtraModels(ProblemView),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: extra[status] ?? DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
      }),
    ),
  );
}
