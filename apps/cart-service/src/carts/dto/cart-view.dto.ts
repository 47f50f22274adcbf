import { ApiProperty } from '@nestjs/swagger';

export class CartLineView {
  @ApiProperty({ example: '65f0c0ffee0000000000abcd', description: 'Product id (24-hex ObjectId).', maxLength: 24 })
  productId: string;

  @ApiProperty({ example: 'MUG-001', maxLength: 64 })
  sku: string;

  @ApiProperty({
    example: 'Coffee mug',
    description: 'Current name, or the last known one when `stale`.',
    maxLength: 200,
  })
  name: string;

  @ApiProperty({ example: 1299, description: 'Current unit price in minor units (last known when `stale`).' })
  unitPrice: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency of the price.', pattern: '^[A-Z]{3}$', maxLength: 3 })
  currency: string;

  @ApiProperty({ example: 2, minimum: 1 })
  quantity: number;

  @ApiProperty({ example: 2598, description: 'unitPrice × quantity, in minor units.' })
  lineTotal: number;

  @ApiProperty({
    description:
      'True when the product exists, is for sale, has stock for this quantity and shares the cart currency. ' +
      'False when any of that fails, and for every line of a stale cart (availability cannot be confirmed).',
  })
  available: boolean;
}

export class CartView {
  @ApiProperty({ description: 'The owner: the `sub` of the access token.', maxLength: 64 })
  userId: string;

  @ApiProperty({
    type: [CartLineView],
    maxItems: 500,
    description: 'In the order the products were first added (at most CART_MAX_LINES, itself at most 500).',
  })
  lines: CartLineView[];

  @ApiProperty({ example: 2598, description: 'Sum of the line totals in the cart currency, in minor units.' })
  subtotal: number;

  @ApiProperty({
    example: 'EUR',
    nullable: true,
    type: String,
    pattern: '^[A-Z]{3}$',
    maxLength: 3,
    description: 'Null while the cart is empty.',
  })
  currency: string | null;

  @ApiProperty({ example: 2, description: 'Total quantity over all lines.' })
  itemCount: number;

  @ApiProperty({
    description:
      'True when product-service could not be reached: names and prices are the last known ones and no line ' +
      'is marked available.',
  })
  stale: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    maxLength: 30,
    nullable: true,
    description: 'Null for a cart never changed.',
  })
  updatedAt: string | null;
}
