import type { AlertRule } from './alert-rules';
import { declineRatio } from './shop-dashboard';
import { SHOP_METRICS as M, checkoutConversion, increaseOf } from './shop-metrics';

export interface ShopAlertSettings {
  /** Where docs/operations/runbooks is browsable. */
  runbookBaseUrl: string;
  /** The shop's day, in whole UTC hours [from, to): no paid order in 30 minutes inside it is an anomaly. */
  dayStartsHourUtc?: number;
  dayEndsHourUtc?: number;
  /** Share of payment attempts declined over 10 minutes that is not normal (0.3 = 30 %). */
  declineRatio?: number;
  /** Checkouts an hour needs before its conversion is compared: fewer is noise, not a drop. */
  minCheckoutsPerHour?: number;
  /** Payment attempts in 10 minutes needed before their decline ratio means anything. */
  minPaymentAttempts?: number;
}

/**
 * Alerts on the shop's sales, all warnings (a person looks, nothing is down by itself): conversion collapsing,
 * payments declined en masse, and no paid order at all during the day. Each links its section of the runbook.
 */
export function shopAlertRules(s: ShopAlertSettings): AlertRule[] {
  const runbook = `${s.runbookBaseUrl}/shop-sales-anomaly.md`;
  const from = s.dayStartsHourUtc ?? 8;
  const to = s.dayEndsHourUtc ?? 22;
  const ratio = s.declineRatio ?? 0.3;
  const minCheckouts = s.minCheckoutsPerHour ?? 20;
  const minAttempts = s.minPaymentAttempts ?? 10;
  return [
    {
      alert: 'ShopCheckoutConversionDropped',
      expr:
        `(${checkoutConversion('1h')}) < 0.5 * (${checkoutConversion('7d')})` +
        ` and ${increaseOf(M.checkoutsStarted, '1h')} >= ${minCheckouts}`,
      for: '30m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Checkout conversion has been below half its 7-day average for 30 minutes',
        description:
          'Shoppers start checkouts but few end in a paid order: placements failing (stock, upstreams), the payment ' +
          'step broken or declining, or prices wrong. Compare orders_failed_total and the payment panels.',
        runbook_url: `${runbook}#shopcheckoutconversiondropped`,
      },
    },
    {
      alert: 'ShopPaymentDeclinesHigh',
      expr: `${declineRatio('10m')} > ${ratio}` + ` and ${increaseOf(M.attempts, '10m')} >= ${minAttempts}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `More than ${ratio * 100}% of payment attempts have been declined for 10 minutes`,
        description:
          'Look at the decline codes on the shop dashboard: one code (e.g. fraudulent, do_not_honor) points at a ' +
          'bank or Radar rule, many codes at the payment form or the provider.',
        runbook_url: `${runbook}#shoppaymentdeclineshigh`,
      },
    },
    {
      alert: 'ShopNoPaidOrders',
      // The whole 30-minute window lies inside the day: at its start the night's quiet does not count.
      expr:
        `${increaseOf(M.paid, '30m')} == 0` +
        ` and on () hour(vector(time() - 1800)) >= ${from} and on () hour() < ${to}`,
      for: '0m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `No order has been paid for 30 minutes (shop day ${from}:00-${to}:00 UTC)`,
        description:
          'Either nobody buys (traffic, catalog, prices) or buying is broken somewhere between the cart and the ' +
          'payment: check checkouts started and payment attempts on the shop dashboard.',
        runbook_url: `${runbook}#shopnopaidorders`,
      },
    },
  ];
}
