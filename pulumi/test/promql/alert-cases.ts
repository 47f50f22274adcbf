/**
 * Synthetic series per alert for `promtool test rules`: one case where the alert must fire (with the labels it
 * fires with) and, for the shop's, the healthy or quiet cases where it must not. Series carry the labels the
 * ServiceMonitors and kube-state-metrics add, so a wrong selector shows up as an alert that never fires.
 */
export interface AlertCase {
  name: string;
  alert: string;
  /** Sample spacing of the series (promtool's `interval`). */
  interval: string;
  series: [selector: string, values: string][];
  at: string;
  /** Labels of each firing alert besides its severity; empty: must not fire. */
  fires: Record<string, string>[];
}

const app = (service: string, extra = '') => `namespace="ecommerce",service="${service}"${extra ? `,${extra}` : ''}`;
const order = (extra = '') => app('order-service', extra);
const cart = (extra = '') => app('cart-service', extra);
const http = (status: string, extra = '') =>
  `http_request_duration_seconds_count{${order(`route="/api/v1/orders",method="POST",status_code="${status}"${extra}`)}}`;

export const PLATFORM_CASES: AlertCase[] = [
  {
    name: 'cart-service decides limits in memory for ten minutes',
    alert: 'RateLimitStoreFallback',
    interval: '1m',
    series: [[`rate_limit_store_fallback_total{${cart('store="rate-limit"')}}`, '0+5x20']],
    at: '15m',
    fires: [{ service: 'cart-service' }],
  },
  {
    name: 'one account locked under a distributed attack',
    alert: 'AccountUnderAttack',
    interval: '1m',
    series: [[`auth_accounts_under_attack_total{${app('user-service')}}`, '0 0 0 1 1 1 1 1']],
    at: '5m',
    fires: [{}],
  },
  {
    name: 'half the requests fail',
    alert: 'ServiceErrorRateHigh',
    interval: '1m',
    series: [
      [http('500'), '0+10x20'],
      [http('201'), '0+10x20'],
    ],
    at: '15m',
    fires: [{ service: 'order-service' }],
  },
  {
    name: 'every request takes over a second',
    alert: 'ServiceLatencyP99High',
    interval: '1m',
    series: [
      [`http_request_duration_seconds_bucket{${order('le="1"')}}`, '0+0x30'],
      [`http_request_duration_seconds_bucket{${order('le="2.5"')}}`, '0+10x30'],
      [`http_request_duration_seconds_bucket{${order('le="+Inf"')}}`, '0+10x30'],
    ],
    at: '20m',
    fires: [{ service: 'order-service' }],
  },
  {
    name: 'a pod restarts every minute',
    alert: 'PodRestartingOften',
    interval: '1m',
    series: [
      [
        'kube_pod_container_status_restarts_total{namespace="ecommerce",pod="order-service-1",container="app"}',
        '0+1x20',
      ],
    ],
    at: '16m',
    fires: [{ namespace: 'ecommerce', pod: 'order-service-1', container: 'app' }],
  },
  {
    name: 'a container uses 95 % of its memory limit',
    alert: 'ContainerMemoryNearLimit',
    interval: '1m',
    series: [
      ['container_memory_working_set_bytes{namespace="ecommerce",pod="cart-service-1",container="app"}', '95+0x20'],
      [
        'kube_pod_container_resource_limits{namespace="ecommerce",pod="cart-service-1",container="app",resource="memory"}',
        '100+0x20',
      ],
    ],
    at: '15m',
    fires: [{ namespace: 'ecommerce', pod: 'cart-service-1', container: 'app' }],
  },
  {
    name: 'an autoscaler stays at its maximum',
    alert: 'AutoscalerAtMaximum',
    interval: '1m',
    series: [
      [
        'kube_horizontalpodautoscaler_status_current_replicas{namespace="ecommerce",horizontalpodautoscaler="order-service"}',
        '4+0x30',
      ],
      [
        'kube_horizontalpodautoscaler_spec_max_replicas{namespace="ecommerce",horizontalpodautoscaler="order-service"}',
        '4+0x30',
      ],
    ],
    at: '20m',
    fires: [{ namespace: 'ecommerce', horizontalpodautoscaler: 'order-service' }],
  },
  {
    name: 'the database volume is 90 % full',
    alert: 'DatabaseVolumeFillingUp',
    interval: '1m',
    series: [
      ['kubelet_volume_stats_available_bytes{namespace="database",persistentvolumeclaim="data-mongodb-0"}', '10+0x20'],
      ['kubelet_volume_stats_capacity_bytes{namespace="database",persistentvolumeclaim="data-mongodb-0"}', '100+0x20'],
    ],
    at: '15m',
    fires: [{ namespace: 'database', persistentvolumeclaim: 'data-mongodb-0' }],
  },
  {
    name: 'a backup job failed',
    alert: 'DatabaseBackupFailed',
    interval: '1m',
    series: [['kube_job_status_failed{namespace="database",job_name="mongodb-backup-29000000"}', '1+0x5']],
    at: '2m',
    fires: [{ namespace: 'database', job_name: 'mongodb-backup-29000000' }],
  },
  {
    name: 'the last good backup is 27 hours old',
    alert: 'DatabaseBackupMissing',
    interval: '1h',
    series: [['kube_cronjob_status_last_successful_time{namespace="database",cronjob="mongodb-backup"}', '0+0x30']],
    at: '27h',
    fires: [{ namespace: 'database', cronjob: 'mongodb-backup' }],
  },
  {
    name: 'orders stay unpaid past their deadline',
    alert: 'PaymentsPastDeadline',
    interval: '1m',
    series: [[`orders_pending_payment_overdue{${order()}}`, '2+0x20']],
    at: '15m',
    fires: [{}],
  },
  {
    name: 'payments succeed but no webhook is applied',
    alert: 'PaymentWebhooksMissing',
    interval: '1m',
    series: [
      [`payments_total{${order('outcome="succeeded"')}}`, '0+1x150'],
      [`payment_webhooks_total{${order('result="applied"')}}`, '0+0x150'],
    ],
    at: '130m',
    fires: [{}],
  },
  {
    name: 'webhooks keep failing their signature check',
    alert: 'PaymentWebhookSignaturesInvalid',
    interval: '1m',
    series: [[`payment_webhooks_total{${order('result="invalid_signature"')}}`, '0+1x30']],
    at: '25m',
    fires: [{}],
  },
  {
    name: 'a refund fails',
    alert: 'RefundsFailing',
    interval: '1m',
    series: [[`refunds_total{${order('outcome="failed"')}}`, '0+0x10 1+0x10']],
    at: '15m',
    fires: [{}],
  },
  {
    name: 'messages wait in a dead-letter queue',
    alert: 'EventsDeadLettered',
    interval: '1m',
    series: [
      [
        `messaging_queue_depth{${app('notification-service', 'queue="notification-service.shopper-mails.dead"')}}`,
        '3+0x10',
      ],
      [`messaging_queue_depth{${app('notification-service', 'queue="notification-service.shopper-mails"')}}`, '3+0x10'],
    ],
    at: '8m',
    fires: [{ queue: 'notification-service.shopper-mails.dead' }],
  },
  {
    name: 'the mail queue backs up',
    alert: 'NotificationQueueBacklog',
    interval: '1m',
    series: [
      [
        `messaging_queue_depth{${app('notification-service', 'queue="notification-service.shopper-mails"')}}`,
        '2000+0x20',
      ],
    ],
    at: '15m',
    fires: [{ queue: 'notification-service.shopper-mails' }],
  },
  {
    name: 'an event waits in the outbox for 400 s',
    alert: 'OutboxEventsStuck',
    interval: '1m',
    series: [[`outbox_oldest_pending_seconds{${order()}}`, '400+0x5']],
    at: '2m',
    fires: [{}],
  },
  {
    name: 'a pod lost the broker',
    alert: 'BrokerDisconnected',
    interval: '1m',
    series: [[`messaging_connected{${order('pod="order-service-1"')}}`, '0+0x10']],
    at: '8m',
    fires: [{ service: 'order-service', pod: 'order-service-1' }],
  },
];

/** 7 days and 7 hours of 5-minute samples: a week of history, then the hours under test. */
const WEEK = 2016;
const started = (perStep: number) => `0+${perStep}x${WEEK + 84}`;
/** Paid orders: half the checkouts for a week, then `after` per 5 minutes. */
const paidThen = (after: number) => `0+5x${WEEK} ${5 * WEEK + after}+${after}x83`;

export const SHOP_CASES: AlertCase[] = [
  {
    name: 'conversion falls from 50 % to 10 % for hours',
    alert: 'ShopCheckoutConversionDropped',
    interval: '5m',
    series: [
      [`shop_checkouts_started_total{${order()}}`, started(10)],
      [`shop_orders_paid_total{${order('currency="EUR"')}}`, paidThen(1)],
    ],
    at: '171h',
    fires: [{}],
  },
  {
    name: 'conversion holds at its weekly level',
    alert: 'ShopCheckoutConversionDropped',
    interval: '5m',
    series: [
      [`shop_checkouts_started_total{${order()}}`, started(10)],
      [`shop_orders_paid_total{${order('currency="EUR"')}}`, paidThen(5)],
    ],
    at: '171h',
    fires: [],
  },
  {
    name: 'conversion drops on a trickle of checkouts (noise, not a drop)',
    alert: 'ShopCheckoutConversionDropped',
    interval: '5m',
    series: [
      [`shop_checkouts_started_total{${order()}}`, started(1)],
      [`shop_orders_paid_total{${order('currency="EUR"')}}`, `0+0.5x${WEEK} ${0.5 * WEEK}+0x83`],
    ],
    at: '171h',
    fires: [],
  },
  {
    name: 'half the payment attempts are declined',
    alert: 'ShopPaymentDeclinesHigh',
    interval: '1m',
    series: [
      [`payments_total{${order('outcome="succeeded"')}}`, '0+5x30'],
      [`payments_total{${order('outcome="failed"')}}`, '0+5x30'],
      [`shop_payment_declines_total{${order('code="do_not_honor"')}}`, '0+5x30'],
    ],
    at: '25m',
    fires: [{}],
  },
  {
    name: 'one payment in ten is declined',
    alert: 'ShopPaymentDeclinesHigh',
    interval: '1m',
    series: [
      [`payments_total{${order('outcome="succeeded"')}}`, '0+9x30'],
      [`payments_total{${order('outcome="failed"')}}`, '0+1x30'],
      [`shop_payment_declines_total{${order('code="insufficient_funds"')}}`, '0+1x30'],
    ],
    at: '25m',
    fires: [],
  },
  {
    name: 'the only two attempts in ten minutes are declined (too few to mean anything)',
    alert: 'ShopPaymentDeclinesHigh',
    interval: '5m',
    series: [
      [`payments_total{${order('outcome="failed"')}}`, '0+1x10'],
      [`shop_payment_declines_total{${order('code="generic_decline"')}}`, '0+1x10'],
    ],
    at: '40m',
    fires: [],
  },
  {
    name: 'no order paid since 09:00 (evaluated at 10:00 UTC)',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+1x540 540+0x180']],
    at: '10h',
    fires: [{}],
  },
  {
    name: 'orders paid every minute during the day',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+1x720']],
    at: '10h',
    fires: [],
  },
  {
    name: 'no order at 03:00 UTC (night)',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+0x240']],
    at: '3h',
    fires: [],
  },
  {
    name: 'no order at 08:10 UTC: half the window was night',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+0x600']],
    at: '490m',
    fires: [],
  },
  {
    name: 'no order from 08:00 to 08:30 UTC',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+0x600']],
    at: '510m',
    fires: [{}],
  },
  {
    name: 'no order at 22:10 UTC (the day is over)',
    alert: 'ShopNoPaidOrders',
    interval: '1m',
    series: [[`shop_orders_paid_total{${order('currency="EUR"')}}`, '0+0x1400']],
    at: '1330m',
    fires: [],
  },
];

/** A cart-service series, for the dashboard expressions evaluated below. */
export const cartSeries = (metric: string) => `${metric}{${cart()}}`;
export const orderSeries = (metric: string, extra = '') => `${metric}{${order(extra)}}`;
