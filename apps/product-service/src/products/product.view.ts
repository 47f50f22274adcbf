import { ApiProperty } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, type Page } from '@app/pagination';
import { type LeanProduct } from './schemas/product.schema';

/** A product as the API shows it. */
export class ProductView {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4b', pattern: '^[0-9a-f]{24}$', maxLength: 24 })
  id: string;

  @ApiProperty({ example: 'TEE-ORG-BLK-M', maxLength: 64 })
  sku: string;

  @ApiProperty({ example: 'Organic cotton T-shirt, black, M', maxLength: 200 })
  name: string;

  @ApiProperty({ example: 'Soft organic cotton tee.', maxLength: 5000 })
  description: string;

  @ApiProperty({ description: 'Integer minor units.', example: 2500, minimum: 0, format: 'int64' })
  price: number;

  @ApiProperty({ example: 'EUR', maxLength: 3 })
  currency: string;

  @ApiProperty({
    description: 'Units available to sell; may lag reservations by up to the cache bound on public reads.',
    example: 120,
    minimum: 0,
    format: 'int32',
  })
  stock: number;

  @ApiProperty({ example: true })
  inStock: boolean;

  @ApiProperty({ example: 'apparel', maxLength: 100 })
  category: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 40 },
    example: ['cotton', 'organic'],
    maxItems: 20,
  })
  tags: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uri', maxLength: 2048 },
    example: ['https://cdn.example.com/tee-black.jpg'],
    maxItems: 10,
  })
  images: string[];

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ description: 'Grows with every admin change; send it back in If-Match.', example: 3 })
  version: number;

  @ApiProperty({ example: '2025-01-01T12:00:00.000Z', format: 'date-time', maxLength: 30 })
  createdAt: string;

  @ApiProperty({ example: '2025-01-02T08:30:00.000Z', format: 'date-time', maxLength: 30 })
  updatedAt: string;
}

export class ProductPageView implements Page<ProductView> {
  @ApiProperty({ type: [ProductView], maxItems: MAX_PAGE_SIZE })
  items: ProductView[];

  @ApiProperty({ example: 1, minimum: 1 })
  page: number;

  @ApiProperty({ example: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  pageSize: number;

  @ApiProperty({ description: 'Products matching the filters, over all pages.', example: 42, minimum: 0 })
  total: number;

  @ApiProperty({ example: 3, minimum: 0 })
  totalPages: number;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

export function toProductView(product: LeanProduct): ProductView {
  return {
    id: product._id.toHexString(),
    sku: product.sku,
    name: product.name,
    description: product.description ?? '',
    price: product.price,
    currency: product.currency,
    stock: product.stock,
    inStock: product.stock > 0,
    category: product.category,
    tags: product.tags ?? [],
    images: product.images ?? [],
    active: product.active,
    version: product.version ?? 0,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
  };
}
