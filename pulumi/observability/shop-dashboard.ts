import { panel } from './dashboards';
import { SHOP_METRICS as M, averageOrderValue, checkoutConversion, increaseOf, shopSeries } from './shop-metrics';

/** Payment attempts that were declines, over a window (declines may also end 3-D Secure attempts later). */
export const declineRatio = (window: string) =>
  `sum(rate(${shopSeries(M.declines)}[${window}])) / sum(rate(${shopSeries(M.attempts)}[${window}]))`;

/**
 * The "shop" dashboard: what the business watches, from the counters order-service and cart-service expose.
 * Hourly increases rather than per-second rates, because that is how the shop thinks about orders and money;
 * money stays in minor units (cents), the unit it is counted in, per currency.
 */
export function shopDashboard() {
  return {
    uid: 'ecommerce-shop',
    title: 'ecommerce / shop',
    tags: ['ecommerce', 'shop', 'business'],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-7d', to: 'now' },
    panels: [
      panel(0, 'Orders per hour: checkouts started, placed, paid', 'short', [
        [increaseOf(M.checkoutsStarted, '1h'), 'checkouts started'],
        [increaseOf(M.placed, '1h'), 'placed'],
        [increaseOf(M.paid, '1h'), 'paid'],
      ]),
      panel(1, 'Orders cancelled per hour by reason', 'short', [
        [increaseOf(M.cancelled, '1h', 'reason'), '{{reason}}'],
      ]),
      panel(2, 'Revenue and refunds per hour by currency (minor units)', 'short', [
        [increaseOf(M.revenue, '1h', 'currency'), 'revenue {{currency}}'],
        [increaseOf(M.refunded, '1h', 'currency'), 'refunded {{currency}}'],
      ]),
      panel(3, 'Average order value by currency, last 24 h (minor units)', 'short', [
        [averageOrderValue('24h'), '{{currency}}'],
      ]),
      panel(4, 'Checkout conversion: paid orders per checkout started', 'percentunit', [
        [checkoutConversion('1h'), 'last hour'],
        [checkoutConversion('7d'), '7-day average'],
        [`${increaseOf(M.paid, '24h')} / ${increaseOf(M.cartsWithItems, '24h')}`, 'carts with items to paid, 24 h'],
      ]),
      panel(5, 'Abandoned carts (items, untouched for CART_ABANDONED_AFTER_MINUTES)', 'short', [
        // Every replica counts the same collection: max, not sum.
        [`max(${shopSeries(M.abandoned)})`, 'abandoned carts'],
      ]),
      panel(6, 'Payment declines per hour by decline code', 'short', [
        [`${increaseOf(M.declines, '1h', 'code')} > 0`, '{{code}}'],
      ]),
      panel(7, 'Share of payment attempts declined (10 min)', 'percentunit', [[declineRatio('10m'), 'declined']]),
    ],
  };
}
