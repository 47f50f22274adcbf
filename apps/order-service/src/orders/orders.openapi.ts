import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** RFC 9457 problem body as every service sends it (docs/errors.md). */
export class ProblemResponse {
  @ApiProperty({ example: 'urn:ecommerce:problem:insufficient-stock', maxLength: 200 }) type: string;
  @ApiProperty({ example: 'Conflict', maxLength: 200 }) title: string;
  @ApiProperty({ example: 409, minimum: 400, maximum: 599, format: 'int32' }) status: number;
  @ApiProperty({
    example: 'Not enough stock for: Enamel mug. Nothing was reserved; the cart is unchanged.',
    maxLength: 2000,
  })
  detail: string;
  @ApiProperty({ example: '/api/v1/orders', maxLength: 2000 }) instance: string;
  @ApiProperty({ description: 'Stable machine code.', example: 'INSUFFICIENT_STOCK', maxLength: 100 }) code: string;
  @ApiPropertyOptional({ maxLength: 128 }) requestId?: string;
  @ApiPropertyOptional({
    description: 'Per-field validation failures.',
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      properties: {
        field: { type: 'string', maxLength: 200 },
        messages: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 500 } },
      },
    },
  })
  errors?: { field: string; messages: string[] }[];
}

/** Problems every endpoint of order-service can answer. */
export const COMMON_PROBLEMS: Record<number, string> = {
  401: 'AUTHENTICATION_REQUIRED, TOKEN_EXPIRED, TOKEN_INVALID (with WWW-Authenticate)',
  403: 'FORBIDDEN: the role does not allow it',
  429: 'RATE_LIMITED (Retry-After)',
};

/** Documents the problem responses of an endpoint: status → the codes it can carry. */
export function ApiProblems(problems: Record<number, string>): MethodDecorator {
  const all = { ...COMMON_PROBLEMS, ...problems };
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...Object.entries(all).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        description: codes,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
}
