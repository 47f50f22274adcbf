import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'quantity' })
  field: string;

  @ApiProperty({ type: [String], example: ['quantity must not be less than 1'] })
  messages: string[];
}

/** RFC 9457 problem body as every service sends it (docs/errors.md), for the OpenAPI document. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:ecommerce:problem:insufficient-stock' })
  type: string;

  @ApiProperty({ example: 'Conflict' })
  title: string;

  @ApiProperty({ example: 409 })
  status: number;

  @ApiProperty({ example: 'Only 3 of product 65f0c0ffee0000000000abcd are available.' })
  detail: string;

  @ApiProperty({ example: '/api/v1/cart/items' })
  instance: string;

  @ApiProperty({ example: 'INSUFFICIENT_STOCK', description: 'Stable machine code; see the service README.' })
  code: string;

  @ApiPropertyOptional({ example: '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
