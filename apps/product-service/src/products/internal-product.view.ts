import { ApiProperty } from '@nestjs/swagger';
import { type LeanProduct } from './schemas/product.schema';

/** What cart-service needs to validate and price a line (docs/contracts/internal-api.md). */
export class InternalProductView {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4b', maxLength: 24 })
  id: string;

  @ApiProperty({ example: 'TEE-ORG-BLK-M', maxLength: 64 })
  sku: string;

  @ApiProperty({ example: 'Organic cotton T-shirt, black, M', maxLength: 200 })
  name: string;

  @ApiProperty({ example: 2500, minimum: 0, format: 'int64' })
  price: number;

  @ApiProperty({ example: 'EUR', maxLength: 3 })
  currency: string;

  @ApiProperty({ example: 120, minimum: 0, format: 'int32' })
  stock: number;

  @ApiProperty({ example: true })
  active: boolean;
}

export class InternalProductListView {
  @ApiProperty({ type: [InternalProductView], maxItems: 100 })
  items: InternalProductView[];
}

export function toInternalProductView(product: LeanProduct): InternalProductView {
  return {
    id: product._id.toHexString(),
    sku: product.sku,
    name: product.name,
    price: product.price,
    currency: product.currency,
    stock: product.stock,
    active: product.active,
  };
}
