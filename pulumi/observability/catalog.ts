import { alertRules, type AlertRule, type AlertThresholds } from './alert-rules';
import { serviceDashboard } from './dashboards';
import { eventAlertRules } from './event-alerts';
import { gatewayAlertRules } from './gateway-alerts';
import { meshAlertRules } from './mesh-alerts';
import { paymentAlertRules } from './payment-alerts';
import { shopAlertRules, type ShopAlertSettings } from './shop-alerts';
import { shopDashboard } from './shop-dashboard';
import { gatewayDashboard, meshDashboard } from './traffic-dashboards';

export interface AlertCatalogArgs {
  /** Thresholds of the platform's own alerts. */
  thresholds: Omit<AlertThresholds, 'runbookBaseUrl'>;
  /** Where docs/operations/runbooks is browsable; every alert links its runbook there. */
  runbookBaseUrl: string;
  /** The shop's day and thresholds (shop-alerts.ts has the defaults). */
  shop?: Omit<ShopAlertSettings, 'runbookBaseUrl'>;
}

/**
 * Every alert rule group the platform installs (one PrometheusRule): the one list the component installs and
 * the PromQL tests check, so nothing is deployed that promtool has not parsed and evaluated.
 */
export function alertRuleGroups(a: AlertCatalogArgs): { name: string; rules: AlertRule[] }[] {
  return [
    { name: 'ecommerce', rules: alertRules({ ...a.thresholds, runbookBaseUrl: a.runbookBaseUrl }) },
    { name: 'ecommerce-payments', rules: paymentAlertRules(a.runbookBaseUrl) },
    { name: 'ecommerce-events', rules: eventAlertRules(a.runbookBaseUrl) },
    { name: 'ecommerce-shop', rules: shopAlertRules({ ...a.shop, runbookBaseUrl: a.runbookBaseUrl }) },
    // Installed with or without the mesh: without it their series do not exist and they never fire.
    { name: 'ecommerce-gateway', rules: gatewayAlertRules(a.runbookBaseUrl) },
    { name: 'ecommerce-mesh', rules: meshAlertRules(a.runbookBaseUrl) },
  ];
}

/** Every Grafana dashboard, by ConfigMap key: one per service, the shop's, the edge gateway's and the mesh's. */
export function grafanaDashboards(services: readonly string[]): Record<string, { uid: string; panels: unknown[] }> {
  return {
    ...Object.fromEntries(services.map((service) => [service, serviceDashboard(service)])),
    shop: shopDashboard(),
    gateway: gatewayDashboard(),
    mesh: meshDashboard(),
  };
}
