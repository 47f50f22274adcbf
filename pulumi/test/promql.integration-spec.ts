import path from 'node:path';
import { SERVICE_NAMES } from '../config/services';
import { BACKUP_CRONJOB } from '../database/mongodb-values';
import type { AlertRule } from '../observability/alert-rules';
import { alertRuleGroups, grafanaDashboards } from '../observability/catalog';
import { averageOrderValue, checkoutConversion } from '../observability/shop-metrics';
import { ensurePromtool, promtool, type RuleGroup, scratchFiles } from './helpers/promtool';
import { type AlertCase, cartSeries, orderSeries, PLATFORM_CASES, SHOP_CASES } from './promql/alert-cases';
import { TRAFFIC_CASES } from './promql/traffic-cases';

/**
 * Every PromQL expression the platform installs, through Prometheus's own promtool: every alert rule and every
 * dashboard query parsed and checked (`promtool check rules`), and every alert evaluated by Prometheus's rule
 * engine on synthetic series (`promtool test rules`), firing when it should and, for the shop's, not otherwise.
 */
const groups = alertRuleGroups({
  thresholds: { errorRatio: 0.05, p99Seconds: 1, backupCronJob: BACKUP_CRONJOB },
  runbookBaseUrl: 'https://github.com/example/shop/blob/main/docs/operations/runbooks',
});
const alerts: AlertRule[] = groups.flatMap((g) => g.rules);

/** Each dashboard query as a recording rule, so promtool parses it exactly as Prometheus would. */
function dashboardGroups(): RuleGroup[] {
  return Object.entries(grafanaDashboards(SERVICE_NAMES)).map(([key, dashboard]) => ({
    name: `dashboard-${key}`,
    rules: (dashboard.panels as { targets: { expr: string; refId: string }[] }[]).flatMap((panel, i) =>
      panel.targets.map((t) => ({ record: `dashboard:${key.replace(/-/g, '_')}:panel${i}_${t.refId}`, expr: t.expr })),
    ),
  }));
}

/** Annotations render per alert ({{ $labels }}, {{ $value }}) and are checked by `check rules`; tests compare labels. */
const withoutAnnotations = (group: { name: string; rules: AlertRule[] }): RuleGroup => ({
  ...group,
  rules: group.rules.map((rule) => ({ ...rule, annotations: {} })),
});

const severityOf = (alert: string) => alerts.find((r) => r.alert === alert)!.labels.severity;

function unitTest(c: AlertCase) {
  return {
    name: `${c.alert}: ${c.name}`,
    interval: c.interval,
    input_series: c.series.map(([series, values]) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.fires.map((labels) => ({ exp_labels: { ...labels, severity: severityOf(c.alert) } })),
      },
    ],
  };
}

let binary: string;
beforeAll(async () => {
  binary = await ensurePromtool();
}, 30 * 60_000);

describe('PromQL of every alert and dashboard, checked by promtool', () => {
  it('installs rules and dashboard queries that Prometheus accepts', async () => {
    const dir = scratchFiles({ 'alerts.yml': { groups }, 'dashboards.yml': { groups: dashboardGroups() } });
    const checked = await promtool(binary, [
      'check',
      'rules',
      path.join(dir, 'alerts.yml'),
      path.join(dir, 'dashboards.yml'),
    ]);
    expect(checked).toMatchObject({ ok: true });
    expect(checked.output).not.toMatch(/FAILED/);
    // Each alert is there and parsed: promtool counts what it found.
    expect(checked.output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('has a case for every alert that is installed, so none goes unevaluated', () => {
    const covered = new Set(
      [...PLATFORM_CASES, ...SHOP_CASES, ...TRAFFIC_CASES].filter((c) => c.fires.length > 0).map((c) => c.alert),
    );
    expect(alerts.map((r) => r.alert).filter((alert) => !covered.has(alert))).toEqual([]);
  });

  it('fires each alert on the series it is meant for, and the shop’s not on healthy or quiet ones', async () => {
    // One test file per sample spacing, evaluated at that spacing: the week-long series need no 1-minute steps.
    const cases = [...PLATFORM_CASES, ...SHOP_CASES, ...TRAFFIC_CASES];
    const intervals = [...new Set(cases.map((c) => c.interval))];
    const dir = scratchFiles({
      'alerts.yml': { groups: groups.map(withoutAnnotations) },
      ...Object.fromEntries(
        intervals.map((interval) => [
          `tests-${interval}.yml`,
          {
            rule_files: ['alerts.yml'],
            evaluation_interval: interval,
            tests: cases.filter((c) => c.interval === interval).map(unitTest),
          },
        ]),
      ),
    });
    const files = intervals.map((interval) => path.join(dir, `tests-${interval}.yml`));
    const tested = await promtool(binary, ['test', 'rules', ...files]);
    // On failure the output names the case and shows the alerts expected and got.
    expect(tested.output).not.toContain('FAILED');
    expect(tested).toMatchObject({ ok: true });
  }, 120_000);

  it('computes checkout conversion and average order value per currency as the shop dashboard shows them', async () => {
    const dir = scratchFiles({
      'empty.yml': { groups: [] },
      'tests.yml': {
        rule_files: ['empty.yml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              // Two checkouts and one paid order a minute; euro orders of 25.00 and dollar orders of 40.00.
              { series: orderSeries('shop_checkouts_started_total'), values: '0+2x120' },
              { series: orderSeries('shop_orders_paid_total', 'currency="EUR"'), values: '0+0.75x120' },
              { series: orderSeries('shop_orders_paid_total', 'currency="USD"'), values: '0+0.25x120' },
              { series: orderSeries('shop_revenue_minor_total', 'currency="EUR"'), values: '0+1875x120' },
              { series: orderSeries('shop_revenue_minor_total', 'currency="USD"'), values: '0+1000x120' },
              { series: cartSeries('shop_carts_abandoned'), values: '7+0x120' },
            ],
            promql_expr_test: [
              { expr: checkoutConversion('1h'), eval_time: '2h', exp_samples: [{ labels: '{}', value: 0.5 }] },
              {
                expr: averageOrderValue('24h'),
                eval_time: '2h',
                exp_samples: [
                  { labels: '{currency="EUR"}', value: 2500 },
                  { labels: '{currency="USD"}', value: 4000 },
                ],
              },
            ],
          },
        ],
      },
    });
    const tested = await promtool(binary, ['test', 'rules', path.join(dir, 'tests.yml')]);
    expect(tested.output).not.toContain('FAILED');
    expect(tested).toMatchObject({ ok: true });
  });
});
