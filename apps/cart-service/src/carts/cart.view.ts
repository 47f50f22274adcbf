import { ApiProperty } from '@nestjs/swagger';
import { type CatalogProduct, type ProductLookup } from '../catalog/catalog-product';
import { type CartLine, type ProductSnapshot, type StoredCart } from './schemas/cart.schema';

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

export const snapshotOf = (product: CatalogProduct): ProductSnapshot => ({
  sku: product.sku,
  name: product.name,
  unitPrice: product.price,
  currency: product.currency,
});

const UNKNOWN: ProductSnapshot = { sku: '', name: '', unitPrice: 0, currency: '' };

/** Current data when product-service gave it, else the last known snapshot. */
function describe(line: CartLine, cart: StoredCart, lookup: ProductLookup): ProductSnapshot {
  const product = lookup.get(line.productId.toString());
  return product ? snapshotOf(product) : (cart.snapshots?.[line.productId.toString()] ?? UNKNOWN);
}

function isAvailable(line: CartLine, lookup: ProductLookup): boolean {
  const product = lookup.get(line.productId.toString());
  return !!product && product.active && product.stock >= line.quantity;
}

/**
 * What the shopper sees: every line priced with product-service's current data (`lookup`), or with the last
 * known data when `stale`. Money stays in integer minor units. The cart currency is the first line's; a line
 * in another currency (a product re-priced in a new currency) is shown but not summed and not available.
 */
export function buildCartView(
  userId: string,
  cart: StoredCart | null,
  lookup: ProductLookup,
  stale: boolean,
): CartView {
  const stored = cart?.lines ?? [];
  const described = stored.map((line) => ({ line, data: describe(line, cart as StoredCart, lookup) }));
  const currency = described[0]?.data.currency ?? null;
  const lines: CartLineView[] = described.map(({ line, data }) => ({
    productId: line.productId.toString(),
    sku: data.sku,
    name: data.name,
    unitPrice: data.unitPrice,
    currency: data.currency,
    quantity: line.quantity,
    lineTotal: data.unitPrice * line.quantity,
    available: !stale && data.currency === currency && isAvailable(line, lookup),
  }));
  return {
    userId,
    lines,
    subtotal: lines.filter((line) => line.currency === currency).reduce((sum, line) => sum + line.lineTotal, 0),
    currency,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    stale,
    updatedAt: cart?.updatedAt ? new Date(cart.updatedAt).toISOString() : null,
  };
}

/** Snapshots that differ from what product-service just said, so the stored last-known data stays current. */
export function outdatedSnapshots(cart: StoredCart, lookup: ProductLookup): Record<string, ProductSnapshot> {
  const outdated: Record<string, ProductSnapshot> = {};
  for (const line of cart.lines) {
    const productId = line.productId.toString();
    const product = lookup.get(productId);
    if (!product) continue;
    const fresh = snapshotOf(product);
    const known = cart.snapshots?.[productId];
    const same =
      known &&
      known.sku === fresh.sku &&
      known.name === fresh.name &&
      known.unitPrice === fresh.unitPrice &&
      known.currency === fresh.currency;
    if (!same) outdated[productId] = fresh;
  }
  return outdated;
}
