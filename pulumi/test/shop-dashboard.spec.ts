import { shopAlertRules } from '../observability/shop-alerts';
import { shopDashboard } from '../observability/shop-dashboard';

const order = 'namespace="ecommerce",service="order-service"';
const queries = () =>
  Object.fromEntries(shopDashboard().panels.map((p) => [p.title, p.targets.map((t) => [t.legendFormat, t.expr])]));

describe('the shop dashboard', () => {
  it('shows every business number the shop is run by, one panel each', () => {
    expect(shopDashboard().panels.map((p) => p.title)).toEqual([
      'Orders per hour: checkouts started, placed, paid',
      'Orders cancelled per hour by reason',
      'Revenue and refunds per hour by currency (minor units)',
      'Average order value by currency, last 24 h (minor units)',
      'Checkout conversion: paid orders per checkout started',
      'Abandoned carts (items, untouched for CART_ABANDONED_AFTER_MINUTES)',
      'Payment declines per hour by decline code',
      'Share of payment attempts declined (10 min)',
    ]);
  });

  it('computes conversion and average order value from counters, per currency where money is involved', () => {
    const q = queries();
    expect(q['Average order value by currency, last 24 h (minor units)']).toEqual([
      [
        '{{currency}}',
        `sum by (currency) (increase(shop_revenue_minor_total{${order}}[24h]))` +
          ` / sum by (currency) (increase(shop_orders_paid_total{${order}}[24h]))`,
      ],
    ]);
    expect(q['Checkout conversion: paid orders per checkout started'][0]).toEqual([
      'last hour',
      `sum(increase(shop_orders_paid_total{${order}}[1h])) / sum(increase(shop_checkouts_started_total{${order}}[1h]))`,
    ]);
    // Every cart-service replica counts the same carts: the panel shows one count, not their sum.
    expect(q['Abandoned carts (items, untouched for CART_ABANDONED_AFTER_MINUTES)']).toEqual([
      ['abandoned carts', 'max(shop_carts_abandoned{namespace="ecommerce",service="cart-service"})'],
    ]);
  });
});

describe('the shop alerts', () => {
  it('are warnings with the shop’s day, thresholds and runbook sections configurable', () => {
    const rules = shopAlertRules({
      runbookBaseUrl: 'https://r.example',
      dayStartsHourUtc: 6,
      dayEndsHourUtc: 20,
      declineRatio: 0.5,
    });
    expect(rules.map((r) => [r.alert, r.for, r.labels.severity, r.annotations.runbook_url])).toEqual([
      [
        'ShopCheckoutConversionDropped',
        '30m',
        'warning',
        'https://r.example/shop-sales-anomaly.md#shopcheckoutconversiondropped',
      ],
      ['ShopPaymentDeclinesHigh', '10m', 'warning', 'https://r.example/shop-sales-anomaly.md#shoppaymentdeclineshigh'],
      ['ShopNoPaidOrders', '0m', 'warning', 'https://r.example/shop-sales-anomaly.md#shopnopaidorders'],
    ]);
    expect(rules[1].expr).toContain('> 0.5 and');
    expect(rules[2].expr).toMatch(/hour\(vector\(time\(\) - 1800\)\) >= 6 and on \(\) hour\(\) < 20$/);
  });
});
