/** One request a shopper makes during a visit; `label` is the endpoint it is recorded under. */
export type ShopperStep =
  | { kind: 'browse'; label: 'GET /products'; page: number }
  | { kind: 'search'; label: 'GET /products?search'; query: string }
  | { kind: 'viewProduct'; label: 'GET /products/:id' }
  | { kind: 'addToCart'; label: 'POST /cart/items' }
  | { kind: 'viewCart'; label: 'GET /cart' }
  | { kind: 'placeOrder'; label: 'POST /orders' }
  | { kind: 'pay'; label: 'POST /orders/:id/payment' }
  | { kind: 'trackOrder'; label: 'GET /orders/:id' };

/** What shoppers search for and filter by: a few popular searches, over the seeded catalog (tools/dev). */
export const SEARCHES = [
  'q=cotton',
  'category=kitchen&sort=price',
  'tags=cotton,organic',
  'minPrice=1000&maxPrice=5000&sort=price&order=asc',
  'category=apparel&inStock=true',
  'q=mug&sort=relevance',
] as const;

/** Endpoints the targets name: catalog and cart reads, and placing and paying an order. */
export const READ_ENDPOINTS = ['GET /products', 'GET /products?search', 'GET /products/:id', 'GET /cart'];
export const ORDER_ENDPOINTS = ['POST /orders', 'POST /orders/:id/payment'];

/** A whole number in [min, max] from `random` in [0, 1). */
const between = (random: () => number, min: number, max: number): number =>
  min + Math.min(max - min, Math.floor(random() * (max - min + 1)));

/**
 * One visit of a logged-in shopper, in the order a person does it: one to three catalog pages, a search or
 * filter, one to four product pages, one or two items into the cart, the cart, then the order placed, paid and
 * looked at again (tracking). About 12 requests, one order each; the shopper thinks between two steps.
 */
export function planVisit(random: () => number = Math.random): ShopperStep[] {
  const steps: ShopperStep[] = [];
  for (let i = 0, pages = between(random, 1, 3); i < pages; i += 1)
    steps.push({ kind: 'browse', label: 'GET /products', page: i + 1 });
  steps.push({
    kind: 'search',
    label: 'GET /products?search',
    query: SEARCHES[between(random, 0, SEARCHES.length - 1)],
  });
  for (let i = 0, views = between(random, 1, 4); i < views; i += 1)
    steps.push({ kind: 'viewProduct', label: 'GET /products/:id' });
  for (let i = 0, adds = between(random, 1, 2); i < adds; i += 1)
    steps.push({ kind: 'addToCart', label: 'POST /cart/items' });
  steps.push(
    { kind: 'viewCart', label: 'GET /cart' },
    { kind: 'placeOrder', label: 'POST /orders' },
    { kind: 'pay', label: 'POST /orders/:id/payment' },
    { kind: 'trackOrder', label: 'GET /orders/:id' },
  );
  return steps;
}

/**
 * A think time drawn from the exponential distribution of mean `meanMs` (memoryless, as independent people are),
 * capped at ten means so one unlucky draw cannot park a shopper for the whole run. 0 means no think time.
 */
export function thinkTimeMs(meanMs: number, random: () => number = Math.random): number {
  if (meanMs <= 0) return 0;
  return Math.min(10 * meanMs, -meanMs * Math.log(1 - random()));
}
