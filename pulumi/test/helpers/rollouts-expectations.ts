import { readFileSync } from 'node:fs';
import * as YAML from 'yaml';
import { SERVICE_NAMES } from '../../config/services';
import { NOTIFICATION_SECRET, ROLLOUTS_NAMESPACE, RUN_URL_ANNOTATION } from '../../components/rollouts';
import { THIRD_PARTY_CHARTS } from '../../lib/charts';
import { committedConfig } from './infrastructure-expectations';
import { isSecret, reveal, type Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';
import { RELEASE, releaseValues, SECRET, valuesFilePaths } from './workload-expectations';

const LBC = 'platform-aws-load-balancer-controller';
const PROMETHEUS = 'observability-kube-prometheus-stack';
const CONTROLLER = 'rollouts-controller';
const EVENTS = [
  'on-rollout-updated',
  'on-rollout-step-completed',
  'on-rollout-paused',
  'on-rollout-completed',
  'on-rollout-aborted',
  'on-analysis-run-failed',
];

/** Expectations both stacks meet on the blue-green releases' controller and its notifications (ADR 0019). */
export function describeRollouts(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const mailDomain = config['ecommerce:notifications'].mailDomain as string;
  const controller = () => single(run(), RELEASE, CONTROLLER);
  const values = () => releaseValues(controller());

  describe(`${stack}: Argo Rollouts (blue-green releases)`, () => {
    it('installs the pinned chart, with its CRDs kept on uninstall, in its own restricted namespace', () => {
      expect(controller().inputs).toMatchObject({
        name: 'argo-rollouts',
        namespace: ROLLOUTS_NAMESPACE,
        chart: 'argo-rollouts',
        version: THIRD_PARTY_CHARTS.argoRollouts.version,
        repositoryOpts: { repo: 'https://argoproj.github.io/argo-helm' },
        atomic: true,
      });
      expect(THIRD_PARTY_CHARTS.argoRollouts.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(values()).toMatchObject({ installCRDs: true, keepCRDs: true });
      const namespace = single(run(), 'kubernetes:core/v1:Namespace', 'rollouts').inputs as Json;
      expect(namespace.metadata).toEqual({
        name: ROLLOUTS_NAMESPACE,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      });
    });

    it('comes after the Load Balancer Controller and Prometheus, and every service release after it', () => {
      expect(controller().dependencies).toEqual(expect.arrayContaining([LBC, PROMETHEUS]));
      const services = ofType(run(), RELEASE).filter((r) => r.name.startsWith('services-'));
      expect(services.map((r) => r.name).sort()).toEqual(SERVICE_NAMES.map((s) => `services-${s}`).sort());
      for (const release of services) expect(release.dependencies).toContain(CONTROLLER);
    });

    it('runs least-privileged: no dashboard, no aggregated roles, only the AWS Load Balancer Controller’s RBAC', () => {
      expect(values()).toMatchObject({
        createClusterAggregateRoles: false,
        dashboard: { enabled: false },
        controller: { replicas: 2, pdb: { enabled: true, minAvailable: 1 }, awsVerifyTargetGroup: true },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      });
      const providers = values().providerRBAC.providers as Record<string, boolean>;
      expect(Object.entries(providers).filter(([, on]) => on)).toEqual([['awsLoadBalancerController', true]]);
      const role = reveal(single(run(), 'aws:iam/rolePolicy:RolePolicy', CONTROLLER).inputs.policy) as string;
      const actions = JSON.parse(role).Statement.flatMap((s: { Action: string[] }) => s.Action);
      expect(actions.every((action: string) => /^elasticloadbalancing:Describe/.test(action))).toBe(true);
      expect(values().serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBeDefined();
    });

    it('lets in Prometheus only, and out DNS, Prometheus, HTTPS and SMTP submission', () => {
      const policy = single(run(), 'kubernetes:networking.k8s.io/v1:NetworkPolicy', CONTROLLER).inputs as Json;
      expect(policy.metadata).toEqual({ name: 'argo-rollouts', namespace: ROLLOUTS_NAMESPACE });
      expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'argo-rollouts' } });
      expect(policy.spec.egress.map((rule: Json) => rule.ports.map((p: Json) => p.port))).toEqual([
        [53, 53],
        [9090],
        [443, 587],
      ]);
      expect(controller().dependencies).toContain(CONTROLLER);
    });

    it('mails through the stack’s SES identity over SMTP, from releases@<mail domain> only', () => {
      const notifiers = values().notifications.notifiers as Record<string, string>;
      expect(YAML.parse(notifiers['service.email'])).toEqual({
        host: 'email-smtp.eu-west-1.amazonaws.com',
        port: 587,
        from: `releases@${mailDomain}`,
        username: '$email-username',
        password: '$email-password',
      });
      const policy = JSON.parse(
        reveal(single(run(), 'aws:iam/userPolicy:UserPolicy', 'rollouts-mailer').inputs.policy) as string,
      );
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'ses:SendRawEmail',
          Resource: expect.stringContaining(':identity/'),
          Condition: { StringEquals: { 'ses:FromAddress': `releases@${mailDomain}` } },
        }),
      ]);
    });

    it('keeps the SMTP credentials (and any Slack token) in a Secret of its own, never in Helm values', () => {
      const secret = single(run(), SECRET, 'rollouts-notifications');
      expect((secret.inputs as Json).metadata).toMatchObject({
        name: NOTIFICATION_SECRET,
        namespace: ROLLOUTS_NAMESPACE,
      });
      expect(isSecret(secret.inputs.stringData)).toBe(true);
      expect(Object.keys(reveal(secret.inputs.stringData) as object)).toEqual(
        expect.arrayContaining(['email-username', 'email-password']),
      );
      expect(values().notifications.secret).toEqual({ create: false });
      // Without ecommerce:releaseSlackToken (rollouts-slack.spec.ts sets one) the events go by mail only.
      expect(Object.keys(values().notifications.notifiers)).toEqual(['service.email']);
      expect(JSON.stringify(values())).not.toContain(
        String((reveal(secret.inputs.stringData) as Json)['email-password']),
      );
      expect(controller().dependencies).toContain('rollouts-notifications');
    });

    it('sends each release event with the service, the image digest, the stack and a link to the run', () => {
      const { triggers, templates } = values().notifications as Record<string, Record<string, string>>;
      expect(Object.keys(triggers).sort()).toEqual(EVENTS.map((e) => `trigger.${e}`).sort());
      for (const event of EVENTS) {
        const [send] = YAML.parse(triggers[`trigger.${event}`]);
        const template = YAML.parse(templates[`template.${send.send[0]}`]);
        expect(template.message).toContain('Service: {{.rollout.metadata.name}}');
        expect(template.message).toContain('Image: {{(index .rollout.spec.template.spec.containers 0).image}}');
        expect(template.message).toContain(`Stack: ${stack}`);
        expect(template.message).toContain(
          `Run: {{or (index .rollout.metadata.annotations "${RUN_URL_ANNOTATION}") "https://github.com/shop-example/ecommerce/actions/workflows/cd.yml"}}`,
        );
        expect(template.email.subject).toMatch(
          new RegExp(`^\\[${stack}\\] \\{\\{\\.rollout\\.metadata\\.name\\}\\}: `),
        );
        const [attachment] = JSON.parse(template.slack.attachments);
        expect(attachment.fields.map((f: { title: string }) => f.title)).toEqual(['Service', 'Stack', 'Image']);
      }
    });

    it(`releases every service blue-green, ${stack === 'prod' ? 'promoted by the deploy job' : 'promoted automatically'}`, async () => {
      for (const service of SERVICE_NAMES) {
        const release = single(run(), RELEASE, `services-${service}`);
        const [file] = await valuesFilePaths(release);
        const rollout = YAML.parse(readFileSync(file, 'utf8')).rollout;
        expect(rollout).toMatchObject({ enabled: true, autoPromotionEnabled: stack === 'staging' });
        expect(rollout.notifications.email).toMatch(/@shop\.example\.com$/);
      }
    });
  });
}
