import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SERVICE_NAMES } from '../../config/services';
import { eventAlertRules } from '../../observability/event-alerts';
import { committedConfig } from './infrastructure-expectations';
import { EKS_CLUSTER_SECURITY_GROUP, isSecret, reveal, type Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import { REPO_ROOT, type StackName } from './stack-config';
import { RELEASE, SECRET, releaseValues } from './workload-expectations';

const BROKER = 'aws:mq/broker:Broker';
const BROKER_URL = 'amqps://ecommerce:generated-broker-password-xxxxxxxx@b-broker-mock.mq.eu-west-1.amazonaws.com:5671';

/** Expectations both stacks must meet on the event bus, the mail identity and their alerts. */
export function describeEvents(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const env = (service: string) =>
    reveal(single(run(), SECRET, `services-${service}`).inputs.stringData) as Record<string, string>;

  describe(`${stack}: event bus (Amazon MQ for RabbitMQ)`, () => {
    const privateSubnetIds = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].map((z) => `network-private-${z}-id`);

    it('runs RabbitMQ in the private subnets, not publicly accessible, in the mode the stack config names', () => {
      const broker = single(run(), BROKER, 'broker').inputs as Json;
      const mode = config['ecommerce:messaging'].deploymentMode;
      expect(mode).toBe(stack === 'prod' ? 'CLUSTER_MULTI_AZ' : 'SINGLE_INSTANCE');
      expect(broker).toMatchObject({
        engineType: 'RabbitMQ',
        publiclyAccessible: false,
        deploymentMode: mode,
        hostInstanceType: config['ecommerce:messaging'].instanceType,
        securityGroups: ['broker-id'],
        autoMinorVersionUpgrade: true,
      });
      expect(broker.subnetIds).toEqual(mode === 'CLUSTER_MULTI_AZ' ? privateSubnetIds : [privateSubnetIds[0]]);
    });

    it('admits AMQP over TLS (5671) from the cluster’s workloads only, and nothing else', () => {
      const rules = ofType(run(), 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule').filter(
        (r) => r.inputs.securityGroupId === 'broker-id',
      );
      expect(rules.map((r) => r.inputs)).toEqual([
        expect.objectContaining({
          referencedSecurityGroupId: EKS_CLUSTER_SECURITY_GROUP,
          ipProtocol: 'tcp',
          fromPort: 5671,
          toPort: 5671,
        }),
      ]);
      expect(rules[0].inputs).not.toHaveProperty('cidrIpv4');
    });

    it('generates the broker password and hands it, as an amqps:// URL, to order-service and notification-service only', () => {
      const password = single(run(), 'random:index/randomPassword:RandomPassword', 'broker-password').inputs;
      expect(password).toMatchObject({ length: 32, special: false });
      const users = (single(run(), BROKER, 'broker').inputs as Json).users;
      expect(isSecret(users) || isSecret(users[0]) || isSecret(users[0].password)).toBe(true);
      expect(reveal(users)).toEqual([{ username: 'ecommerce', password: 'generated-broker-password-xxxxxxxx' }]);
      for (const service of SERVICE_NAMES) {
        const expected = ['order-service', 'notification-service'].includes(service) ? BROKER_URL : undefined;
        expect({ service, AMQP_URL: env(service).AMQP_URL }).toEqual({ service, AMQP_URL: expected });
      }
      for (const release of ofType(run(), RELEASE))
        expect(JSON.stringify(reveal(release.inputs))).not.toContain('generated-broker-password');
    });
  });

  describe(`${stack}: mail (SES)`, () => {
    const notifications = config['ecommerce:notifications'];
    const address = /<(.+)>/.exec(notifications.mailFrom)?.[1];

    it('verifies the stack’s mail domain with 2048-bit Easy DKIM, its records in the domain’s zone', () => {
      const identity = single(run(), 'aws:sesv2/emailIdentity:EmailIdentity', 'mail').inputs as Json;
      expect(identity).toEqual(
        expect.objectContaining({
          emailIdentity: notifications.mailDomain,
          dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' },
        }),
      );
      const records = ofType(run(), 'aws:route53/record:Record').filter((r) => r.name.startsWith('mail-dkim-'));
      expect(records.map((r) => [r.inputs.zoneId, r.inputs.type, r.inputs.name, r.inputs.records])).toEqual(
        [1, 2, 3].map((i) => [
          notifications.hostedZoneId,
          'CNAME',
          `dkim${i}._domainkey.${notifications.mailDomain}`,
          [`dkim${i}.dkim.amazonses.com`],
        ]),
      );
    });

    it('lets notification-service send through that identity from its one address, and nothing else', () => {
      const policy = JSON.parse(String(single(run(), 'aws:iam/rolePolicy:RolePolicy', 'mail-sender').inputs.policy));
      expect(policy.Statement).toEqual([
        {
          Sid: 'SendAsTheShopOnly',
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: `arn:aws:ses:eu-west-1:123456789012:identity/${notifications.mailDomain}`,
          Condition: { StringEquals: { 'ses:FromAddress': address } },
        },
      ]);
      const attached = ofType(run(), 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter((r) =>
        r.name.startsWith('mail-sender'),
      );
      expect(attached).toEqual([]);
    });

    it('runs notification-service under that role, with the stack’s sender, region and shop links', () => {
      const values = releaseValues(single(run(), RELEASE, 'services-notification-service'));
      expect(values.serviceAccount).toEqual({
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/mail-sender' },
      });
      expect(values.config).toMatchObject({
        MAIL_FROM: notifications.mailFrom,
        AWS_REGION: 'eu-west-1',
        SHOP_URL: notifications.shopUrl,
        SERVICE_CLIENT_ID: 'notification-service',
        TRUST_PROXY: 0,
      });
      expect(values.upstreams).toEqual({ userService: { url: 'http://user-service:3000' } });
      expect(Object.keys(env('notification-service'))).not.toContain('AWS_SECRET_ACCESS_KEY');
    });
  });

  describe(`${stack}: event alerts and dashboards`, () => {
    const runbookBase = `https://github.com/${config['ecommerce:deployRunner'].repository}/blob/main/docs/operations/runbooks`;
    const rules = () => {
      const rule = single(run(), 'kubernetes:monitoring.coreos.com/v1:PrometheusRule', 'observability-alert-rules')
        .inputs as Json;
      return rule.spec.groups.find((g: { name: string }) => g.name === 'ecommerce-events').rules;
    };

    it('pages on dead letters, warns on a backlog, a stuck outbox and a lost broker, each linking its runbook', () => {
      expect(rules()).toEqual(eventAlertRules(runbookBase));
      const byName = Object.fromEntries(rules().map((r: Json) => [r.alert, r]));
      expect(byName.EventsDeadLettered).toMatchObject({
        expr: 'max by (queue) (messaging_queue_depth{namespace="ecommerce",queue=~".+\\\\.dead"}) > 0',
        for: '5m',
        labels: { severity: 'critical' },
      });
      expect(byName.NotificationQueueBacklog).toMatchObject({
        expr: expect.stringContaining('queue="notification-service.shopper-mails"'),
        for: '10m',
      });
      expect(byName.NotificationQueueBacklog.expr).toMatch(/> 1000$/);
      expect(byName.OutboxEventsStuck.expr).toMatch(/^max\(outbox_oldest_pending_seconds\{.*\}\) > 300$/);
      expect(byName.BrokerDisconnected).toMatchObject({
        expr: expect.stringMatching(/messaging_connected.* == 0$/),
        for: '5m',
      });
      for (const r of rules()) {
        const [file, anchor] = r.annotations.runbook_url.replace(`${runbookBase}/`, '').split('#');
        const runbook = readFileSync(path.join(REPO_ROOT, 'docs', 'operations', 'runbooks', file), 'utf8');
        expect(runbook).toMatch(new RegExp(`^## \`${r.alert}\`$`, 'm'));
        expect(anchor).toBe(r.alert.toLowerCase());
      }
    });

    it('shows the outbox on order-service’s dashboard and consumption and mails on notification-service’s', () => {
      const titles = (service: string) =>
        JSON.parse(
          (single(run(), 'kubernetes:core/v1:ConfigMap', `observability-dashboard-${service}`).inputs as Json).data[
            `${service}.json`
          ],
        ).panels.map((p: { title: string }) => p.title);
      expect(titles('order-service')).toEqual(
        expect.arrayContaining([
          'Events published per minute by type; publish failures',
          'Outbox: events waiting and the oldest one’s age',
        ]),
      );
      expect(titles('notification-service')).toEqual(
        expect.arrayContaining([
          'Events consumed per minute by type and outcome',
          'Retried and dead-lettered per minute',
          'Ready messages by queue (.dead included); broker connection',
          'Mails sent per minute by type and outcome',
        ]),
      );
      expect(titles('cart-service').filter((t: string) => /event|outbox|mail/i.test(t))).toEqual([]);
    });
  });
}
