import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** RFC 9457 problem body as every service sends it (docs/errors.md). */
export class ProblemResponse {
  @ApiProperty({ example: 'urn:ecommerce:problem:insufficient-stock' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'Not enough stock for: Enamel mug. Nothing was reserved; the cart is unchanged.' })
  detail: string;
  @ApiProperty({ example: '/api/v1/orders' }) instance: string;
  @ApiProperty({ description: 'Stable machine code.', example: 'INSUFFICIENT_STOCK' }) code: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ description: 'Per-field validation failures.', type: 'array', items: { type: 'object' } })
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
