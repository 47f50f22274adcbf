import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SERVICE_NAMES } from '../../config/services';
import { paymentAlertRules } from '../../observability/payment-alerts';
import { THIRD_PARTY_CHARTS } from '../../lib/charts';
import { ENVOY_GATEWAY_CHART } from '../../gateway/versions';
import { ISTIO_CHARTS } from '../../mesh/versions';
import { checkPolicies } from '../../policies';
import { effectiveValues, chartFile } from './helm-values';
import { valuesSchemaErrors } from '../../../helm/tools/values-schema';
import { committedConfig } from './infrastructure-expectations';
import { isSecret, reveal, type Json, type RecordedResource } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import { REPO_ROOT, type StackName } from './stack-config';

export const RELEASE = 'kubernetes:helm.sh/v3:Release';
export const SECRET = 'kubernetes:core/v1:Secret';

export const releaseValues = (release: RecordedResource) => release.inputs.values as Json;
export const valuesFilePaths = (release: RecordedResource) =>
  Promise.all((release.inputs.valueYamlFiles as { path: Promise<string> }[]).map((asset) => asset.path));

/** Every string the mocked random provider generated: none may appear outside a Secret. */
export function generatedSecrets(run: ProgramRun): string[] {
  return ofType(run, 'random:index/randomPassword:RandomPassword').map((r) => `generated-${r.name}-xxxxxxxx`);
}

/** Expectations both stacks must meet: cluster add-ons, database, monitoring and policies. */
export function describeWorkloads(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const release = (name: string) => single(run(), RELEASE, name);
  // Where alerts link their runbooks: docs/operations/runbooks on main of the repository CD deploys from.
  const runbookBase = `https://github.com/${config['ecommerce:deployRunner'].repository}/blob/main/docs/operations/runbooks`;

  describe(`${stack}: platform add-ons`, () => {
    it('pins every third-party chart to a version', () => {
      const remote = ofType(run(), RELEASE).filter((r) => r.inputs.repositoryOpts);
      expect(remote.map((r) => r.inputs.chart).sort()).toEqual(
        [...Object.values(THIRD_PARTY_CHARTS).map((c) => c.chart), ...ISTIO_CHARTS].sort(),
      );
      for (const r of remote) expect(r.inputs.version).toMatch(/^\d+\.\d+\.\d+$/);
      // Envoy Gateway's chart is an OCI artifact: named by reference, pinned all the same.
      const oci = ofType(run(), RELEASE).filter((r) => String(r.inputs.chart).startsWith('oci://'));
      expect(oci.map((r) => [r.inputs.chart, r.inputs.version])).toEqual([
        [ENVOY_GATEWAY_CHART.chart, ENVOY_GATEWAY_CHART.version],
      ]);
    });

    it('runs the Load Balancer Controller and the Cluster Autoscaler under their IRSA roles', () => {
      const lbc = releaseValues(release('platform-aws-load-balancer-controller'));
      expect(lbc.serviceAccount).toEqual({
        create: true,
        name: 'aws-load-balancer-controller',
        annotations: {
          'eks.amazonaws.com/role-arn': expect.stringContaining('role/platform-aws-load-balancer-controller'),
        },
      });
      expect(lbc.clusterName).toBe(`ecommerce-${stack}`);
      const cas = releaseValues(release('platform-cluster-autoscaler'));
      expect(cas.autoDiscovery).toEqual({ clusterName: `ecommerce-${stack}` });
      expect(cas.rbac.serviceAccount.name).toBe('cluster-autoscaler');
      expect(cas.rbac.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toContain(
        'role/platform-cluster-autoscaler',
      );
      expect(cas.image.tag).toMatch(
        new RegExp(`^v${config['ecommerce:cluster'].kubernetesVersion.replace('.', '\\.')}\\.`),
      );
      expect(release('platform-metrics-server').inputs.chart).toBe('metrics-server');
    });

    it('lets the Cluster Autoscaler resize only this cluster’s Auto Scaling groups', () => {
      const policy = JSON.parse(
        String(single(run(), 'aws:iam/rolePolicy:RolePolicy', 'platform-cluster-autoscaler').inputs.policy),
      );
      const mutating = policy.Statement.find((s: { Action: string[] }) =>
        s.Action.includes('autoscaling:SetDesiredCapacity'),
      );
      expect(mutating.Condition).toEqual({
        StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/ecommerce-${stack}`]: 'owned' },
      });
    });
  });

  describe(`${stack}: database`, () => {
    it('installs helm/mongodb over its values file, sized from config, backing up to the stack bucket', async () => {
      const mongodb = release('database-mongodb');
      expect(mongodb.inputs.chart).toBe(chartFile('mongodb', '').replace(/\/$/, ''));
      expect(await valuesFilePaths(mongodb)).toEqual([chartFile('mongodb', `values-${stack}.yaml`)]);
      const values = releaseValues(mongodb);
      expect(values.replicaSet.members).toBe(config['ecommerce:database'].members);
      expect(values.persistence.dataSize).toBe(`${config['ecommerce:database'].storageGi}Gi`);
      expect(values.backup).toMatchObject({
        enabled: true,
        schedule: config['ecommerce:database'].backupSchedule,
        s3: { bucket: 'backups-bucket', region: 'eu-west-1' },
        serviceAccount: { roleArn: expect.stringContaining('role/backups-job') },
      });
      expect(values.networkPolicy.clientNamespace).toBe('ecommerce');
    });

    it('passes values that helm/mongodb/values.schema.json accepts', () => {
      const values = effectiveValues('mongodb', stack, releaseValues(release('database-mongodb')));
      expect(valuesSchemaErrors('mongodb', values)).toEqual([]);
    });

    it('keeps every generated database password in its own Secret, marked secret', () => {
      const users = [...SERVICE_NAMES, 'backup', 'restore'];
      for (const user of users) {
        const secret = single(run(), SECRET, `database-${user}-password`).inputs as Json;
        expect(secret.metadata.name).toBe(`mongodb-${user}-password`);
        expect(isSecret(secret.stringData)).toBe(true);
        expect(reveal(secret.stringData)).toEqual({ password: `generated-database-${user}-xxxxxxxx` });
      }
    });
  });

  describe(`${stack}: observability`, () => {
    it('installs kube-prometheus-stack picking up every ServiceMonitor, alerting through SNS with IRSA', () => {
      const values = releaseValues(release('observability-kube-prometheus-stack'));
      expect(values.prometheus.prometheusSpec).toMatchObject({
        serviceMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        retention: config['ecommerce:observability'].retention,
      });
      expect(values.alertmanager.config.receivers[1].sns_configs[0].topic_arn).toBe(
        'arn:aws:mock::123456789012:observability',
      );
      expect(values.alertmanager.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toContain(
        'role/observability-alertmanager',
      );
      expect(values.grafana.admin).toEqual({
        existingSecret: 'grafana-admin',
        userKey: 'admin-user',
        passwordKey: 'admin-password',
      });
      expect(single(run(), 'aws:sns/topicSubscription:TopicSubscription', 'observability').inputs).toMatchObject({
        protocol: 'email',
        endpoint: config['ecommerce:alertEmail'],
      });
    });

    it('defines alert rules for errors, latency, restarts, saturation and failed backups', () => {
      const rule = single(run(), 'kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'observability-alert-rules')
        .inputs as Json;
      const alerts = rule.spec.groups[0].rules.map((r: { alert: string }) => r.alert);
      expect(alerts).toEqual(
        expect.arrayContaining([
          'ServiceErrorRateHigh',
          'ServiceLatencyP99High',
          'PodRestartingOften',
          'ContainerMemoryNearLimit',
          'AutoscalerAtMaximum',
          'DatabaseBackupFailed',
          'DatabaseBackupMissing',
        ]),
      );
      const backupFailed = rule.spec.groups[0].rules.find((r: { alert: string }) => r.alert === 'DatabaseBackupFailed');
      expect(backupFailed.expr).toContain('job_name=~"mongodb-backup-.*"');
    });

    it('alerts on stuck payments, missing or forged webhooks and failed refunds, each linking its runbook', () => {
      const rule = single(run(), 'kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'observability-alert-rules')
        .inputs as Json;
      const payments = rule.spec.groups.find((g: { name: string }) => g.name === 'ecommerce-payments');
      expect(payments.rules).toEqual(paymentAlertRules(runbookBase));
      expect(payments.rules.map((r: { alert: string }) => r.alert)).toEqual([
        'PaymentsPastDeadline',
        'PaymentWebhooksMissing',
        'PaymentWebhookSignaturesInvalid',
        'RefundsFailing',
      ]);
      for (const r of payments.rules) {
        const [file, anchor] = r.annotations.runbook_url.replace(`${runbookBase}/`, '').split('#');
        const runbook = readFileSync(path.join(REPO_ROOT, 'docs', 'operations', 'runbooks', file), 'utf8');
        // GitHub's anchor of a heading that is only the alert's name in backticks is that name, lower-cased.
        expect(runbook).toMatch(new RegExp(`^## \`${r.alert}\`$`, 'm'));
        expect(anchor).toBe(r.alert.toLowerCase());
      }
    });

    it('ships one Grafana dashboard per service as a labelled ConfigMap', () => {
      for (const service of SERVICE_NAMES) {
        const map = single(run(), 'kubernetes:core/v1:ConfigMap', `observability-dashboard-${service}`).inputs as Json;
        expect(map.metadata.labels).toEqual({ grafana_dashboard: '1' });
        const dashboard = JSON.parse(map.data[`${service}.json`]);
        expect(dashboard.uid).toBe(`ecommerce-${service}`);
        expect(dashboard.panels.map((p: { title: string }) => p.title)).toContain('Error ratio (5xx)');
        const paymentPanels = dashboard.panels.filter((p: { title: string }) => /payment/i.test(p.title));
        expect(paymentPanels.length).toBe(service === 'order-service' ? 2 : 0);
      }
    });
  });

  describe(`${stack}: policies`, () => {
    it('passes every policy rule', () => {
      const resources = run().resources.map((r) => ({
        type: r.type,
        name: r.name,
        props: reveal(r.inputs) as Record<string, unknown>,
      }));
      expect(checkPolicies(resources, { stack, allowApiFromAnywhere: false })).toEqual([]);
    });
  });
}
