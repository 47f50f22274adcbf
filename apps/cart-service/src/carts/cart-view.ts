import { type CatalogProduct, type ProductLookup } from '../catalog/catalog-product';
import { type CartLineView, type CartView } from './dto/cart-view.dto';
import { type CartLine, type ProductSnapshot, type StoredCart } from './schemas/cart.schema';

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
