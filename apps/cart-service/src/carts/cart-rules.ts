import { type DomainError } from '@app/errors';
import { type CatalogProduct, type ProductLookup } from '../catalog/catalog-product';
import { type StoredCart } from './schemas/cart.schema';
import {
  CartLinesLimitError,
  CurrencyMismatchError,
  InsufficientStockError,
  LineQuantityLimitError,
  ProductNotFoundError,
  ProductUnavailableError,
} from './carts.errors';

export interface CartLimits {
  maxLines: number;
  maxQuantityPerLine: number;
}

/** The product as product-service describes it, provided it exists and is for sale. */
export function requireSellable(productId: string, lookup: ProductLookup): CatalogProduct {
  const product = lookup.get(productId);
  if (!product) throw new ProductNotFoundError(productId);
  if (!product.active) throw new ProductUnavailableError(productId);
  return product;
}

/** The most one line of this product may hold: the tighter of its stock and the per-line limit. */
export const lineCeiling = (product: CatalogProduct, limits: CartLimits): number =>
  Math.min(product.stock, limits.maxQuantityPerLine);

/** The refusal for a line that would hold `total`, naming whichever bound is the tighter one. */
export function quantityRefusal(
  product: CatalogProduct,
  total: number,
  inCart: number,
  limits: CartLimits,
): DomainError | undefined {
  if (total <= lineCeiling(product, limits)) return undefined;
  return product.stock <= limits.maxQuantityPerLine
    ? new InsufficientStockError(product.id, total, product.stock, inCart)
    : new LineQuantityLimitError(product.id, total, limits.maxQuantityPerLine, inCart);
}

export const quantityInCart = (cart: StoredCart | null, productId: string): number =>
  cart?.lines.find((line) => line.productId.toString() === productId)?.quantity ?? 0;

/**
 * Why adding `quantity` of `product` to the cart as it is now would be refused, or `undefined` when the cart
 * allows it. Used before the atomic update (for a clear answer) and after one was refused (to tell a rule
 * from a concurrent change worth retrying).
 */
export function addRefusal(
  cart: StoredCart | null,
  product: CatalogProduct,
  quantity: number,
  limits: CartLimits,
): DomainError | undefined {
  const inCart = quantityInCart(cart, product.id);
  if (inCart > 0) return quantityRefusal(product, inCart + quantity, inCart, limits);
  const lines = cart?.lines.length ?? 0;
  if (lines >= limits.maxLines) return new CartLinesLimitError(limits.maxLines);
  if (lines > 0 && cart?.currency && cart.currency !== product.currency)
    return new CurrencyMismatchError(product.id, product.currency, cart.currency);
  return quantityRefusal(product, quantity, 0, limits);
}

/** A line of a placed order, as order-service sends it to clear the cart. */
export interface OrderedLine {
  productId: string;
  quantity: number;
}

/**
 * The cart lines an order covers: the same product, holding no more than was ordered (the bound is returned,
 * so the removal can state it). A line raised since the order and a product the order does not hold are the
 * shopper's own additions and stay.
 */
export function linesCoveredBy(cart: StoredCart | null, ordered: OrderedLine[]): OrderedLine[] {
  const orderedQuantity = new Map(ordered.map((line) => [line.productId, line.quantity]));
  return (cart?.lines ?? []).flatMap((line) => {
    const productId = line.productId.toString();
    const bound = orderedQuantity.get(productId);
    return bound !== undefined && line.quantity <= bound ? [{ productId, quantity: bound }] : [];
  });
}
