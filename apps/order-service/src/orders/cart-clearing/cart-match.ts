import { type CartLine } from '../upstreams/cart.client';

interface OrderedLine {
  productId: { toString(): string };
  quantity: number;
}

/**
 * True when the cart holds exactly the ordered products and quantities: a clear retried later must not
 * throw away what the shopper put in the cart after the order.
 */
export function cartHoldsExactly(cart: CartLine[], ordered: OrderedLine[]): boolean {
  if (cart.length !== ordered.length) return false;
  const wanted = new Map(ordered.map((line) => [line.productId.toString(), line.quantity]));
  return cart.every((line) => wanted.get(line.productId.toLowerCase()) === line.quantity);
}
