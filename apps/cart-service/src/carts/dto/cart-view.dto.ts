import { ApiProperty } from '@nestjs/swagger';

export class CartLineView {
  @ApiProperty({ example: '65f0c0ffee0000000000abcd', description: 'Product id (24-hex ObjectId).' })
  productId: string;

  @ApiProperty({ example: 'MUG-001' })
  sku: string;

  @ApiProperty({ example: 'Coffee mug', description: 'Current name, or the last known one when `stale`.' })
  name: string;

  @ApiProperty({ example: 1299, description: 'Current unit price in minor units (last known when `stale`).' })
  unitPrice: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 currency of the price.' })
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
  @ApiProperty({ description: 'The owner: the `sub` of the access token.' })
  userId: string;

  @ApiProperty({ type: [CartLineView], description: 'In the order the products were first added.' })
  lines: CartLineView[];

  @ApiProperty({ example: 2598, description: 'Sum of the line totals in the cart currency, in minor units.' })
  subtotal: number;

  @ApiProperty({ example: 'EUR', nullable: true, type: String, description: 'Null while the cart is empty.' })
  currency: string | null;

  @ApiProperty({ example: 2, description: 'Total quantity over all lines.' })
  itemCount: number;

  @ApiProperty({
    description:
      'True when product-service could not be reached: names and prices are the last known ones and no line ' +
      'is marked available.',
  })
  stale: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null for a cart never changed.' })
  updatedAt: string | null;
}
