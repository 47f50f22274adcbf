import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'quantity', maxLength: 200 })
  field: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 500 },
    maxItems: 20,
    example: ['quantity must not be less than 1'],
  })
  messages: string[];
}

/** RFC 9457 problem body as every service sends it (docs/errors.md), for the OpenAPI document. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:ecommerce:problem:insufficient-stock', maxLength: 200 })
  type: string;

  @ApiProperty({ example: 'Conflict', maxLength: 200 })
  title: string;

  @ApiProperty({ example: 409, minimum: 400, maximum: 599, format: 'int32' })
  status: number;

  @ApiProperty({ example: 'Only 3 of product 65f0c0ffee0000000000abcd are available.', maxLength: 2000 })
  detail: string;

  @ApiProperty({ example: '/api/v1/cart/items', maxLength: 2000 })
  instance: string;

  @ApiProperty({
    example: 'INSUFFICIENT_STOCK',
    description: 'Stable machine code; see the service README.',
    maxLength: 100,
  })
  code: string;

  @ApiPropertyOptional({ example: '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10', maxLength: 128 })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], maxItems: 100 })
  errors?: FieldErrorDto[];
}
