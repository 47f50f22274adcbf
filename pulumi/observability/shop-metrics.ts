import { serviceSelector } from './metrics';

/**
 * What order-service and cart-service expose on /metrics about the shop's business (the names of the runtime
 * contract; apps/order-service and apps/cart-service README list them). No label names a shopper, an order or a
 * product: `reason`, `currency` and `code` come from fixed sets, anything else is `other`.
 */
export const SHOP_METRICS = {
  /** order-service counter: placements that found items in the cart (placed or not). */
  checkoutsStarted: 'shop_checkouts_started_total',
  /** order-service counter: orders placed, waiting for payment. */
  placed: 'shop_orders_placed_total',
  /** order-service counter by `currency`: orders paid. */
  paid: 'shop_orders_paid_total',
  /** order-service counter by `reason`: PAYMENT_FAILED, PAYMENT_EXPIRED, RESERVATION_EXPIRED, shopper, admin, other. */
  cancelled: 'shop_orders_cancelled_total',
  /** order-service counter by `currency`: totals of paid orders in minor units. */
  revenue: 'shop_revenue_minor_total',
  /** order-service counter by `currency`: refunds the provider accepted, in minor units. */
  refunded: 'shop_refunded_minor_total',
  /** order-service counter by `code`: declined payments (Stripe decline codes, `other`). */
  declines: 'shop_payment_declines_total',
  /** order-service counter by `outcome`: every payment attempt (payments.metrics.ts). */
  attempts: 'payments_total',
  /** cart-service counter: carts that got their first item. */
  cartsWithItems: 'shop_carts_with_items_created_total',
  /** cart-service gauge: carts with items untouched for CART_ABANDONED_AFTER_MINUTES (the same in every replica). */
  abandoned: 'shop_carts_abandoned',
} as const;

const ORDERS = 'order-service';
const CARTS = 'cart-service';

/** One shop series with the ServiceMonitor's labels, e.g. `shop_orders_paid_total{namespace="ecommerce",service="order-service"}`. */
export const shopSeries = (metric: string) =>
  `${metric}${serviceSelector(metric === SHOP_METRICS.cartsWithItems || metric === SHOP_METRICS.abandoned ? CARTS : ORDERS)}`;

/** `sum(increase(metric[window]))`, optionally `by` labels: how many happened across every replica in the window. */
export const increaseOf = (metric: string, window: string, by?: string) =>
  `sum${by ? ` by (${by}) ` : ''}(increase(${shopSeries(metric)}[${window}]))`;

/** Checkout conversion over a window: paid orders per checkout started (both counted by order-service). */
export const checkoutConversion = (window: string) =>
  `${increaseOf(SHOP_METRICS.paid, window)} / ${increaseOf(SHOP_METRICS.checkoutsStarted, window)}`;

/** Average order value per currency over a window, in minor units: revenue divided by the orders paid. */
export const averageOrderValue = (window: string) =>
  `${increaseOf(SHOP_METRICS.revenue, window, 'currency')} / ${increaseOf(SHOP_METRICS.paid, window, 'currency')}`;
