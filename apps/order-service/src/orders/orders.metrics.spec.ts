import { MetricsService } from '@app/metrics';
import { PaymentMetrics } from '../payments/payments.metrics';
import { CANCEL_REASONS, OrderMetrics, systemCancelReason } from './orders.metrics';

/** One sample of a metric as /metrics shows it, by its labels (0 when the series is absent). */
async function sample(metrics: MetricsService, name: string, labels: Record<string, string> = {}) {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

describe('the shop’s business metrics in order-service', () => {
  it('counts placed orders under both the old and the shop name, so existing dashboards keep working', async () => {
    const metrics = new MetricsService();
    new OrderMetrics(metrics).orderPlaced();
    expect(await sample(metrics, 'orders_placed_total')).toBe(1);
    expect(await sample(metrics, 'shop_orders_placed_total')).toBe(1);
  });

  it('adds paid totals to revenue by currency and counts a currency the shop does not report as other', async () => {
    const metrics = new MetricsService();
    const orders = new OrderMetrics(metrics);
    orders.orderPaid(2500, 'EUR');
    orders.orderPaid(1000, 'eur');
    orders.orderPaid(700, 'XAU');
    orders.orderPaid(300, undefined);
    expect(await sample(metrics, 'shop_orders_paid_total', { currency: 'EUR' })).toBe(2);
    expect(await sample(metrics, 'shop_orders_paid_total', { currency: 'other' })).toBe(2);
    expect(await sample(metrics, 'shop_revenue_minor_total', { currency: 'EUR' })).toBe(3500);
    expect(await sample(metrics, 'shop_revenue_minor_total', { currency: 'other' })).toBe(1000);
    const { values } = await metrics.registry.getSingleMetric('shop_revenue_minor_total')!.get();
    expect(values.map((v) => v.labels.currency)).not.toContain('XAU');
  });

  it('keeps cancellation reasons and decline codes to fixed sets, every series present from start-up', async () => {
    const metrics = new MetricsService();
    const orders = new OrderMetrics(metrics);
    const payments = new PaymentMetrics(metrics);
    orders.orderCancelled(systemCancelReason('RESERVATION_EXPIRED'));
    orders.orderCancelled(systemCancelReason('whatever an admin typed'));
    payments.declined('insufficient_funds');
    payments.declined('a_code_stripe_adds_next_year');
    payments.declined(undefined);

    const cancelled = await metrics.registry.getSingleMetric('shop_orders_cancelled_total')!.get();
    expect(cancelled.values.map((v) => v.labels.reason).sort()).toEqual([...CANCEL_REASONS].sort());
    expect(await sample(metrics, 'shop_orders_cancelled_total', { reason: 'RESERVATION_EXPIRED' })).toBe(1);
    expect(await sample(metrics, 'shop_orders_cancelled_total', { reason: 'other' })).toBe(1);
    expect(await sample(metrics, 'shop_orders_cancelled_total', { reason: 'shopper' })).toBe(0);
    expect(await sample(metrics, 'shop_payment_declines_total', { code: 'insufficient_funds' })).toBe(1);
    expect(await sample(metrics, 'shop_payment_declines_total', { code: 'other' })).toBe(2);
    expect(await sample(metrics, 'shop_payment_declines_total', { code: 'stolen_card' })).toBe(0);
  });

  it('counts refunded money by currency and checkouts without any label', async () => {
    const metrics = new MetricsService();
    new PaymentMetrics(metrics).refundedMoney(1250, 'GBP');
    new OrderMetrics(metrics).checkoutStarted();
    expect(await sample(metrics, 'shop_refunded_minor_total', { currency: 'GBP' })).toBe(1250);
    expect(await sample(metrics, 'shop_checkouts_started_total')).toBe(1);
  });
});
