import { SERVICE_NAMES } from '../../config/services';
import { committedConfig } from './infrastructure-expectations';
import { ACCOUNT, OIDC_ISSUER, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';

/** Which Kubernetes service account each IRSA role is for; nothing else may assume it. */
export const IRSA_ROLES: Record<string, string> = {
  'cluster-ebs-csi': 'kube-system:ebs-csi-controller-sa',
  'platform-aws-load-balancer-controller': 'kube-system:aws-load-balancer-controller',
  'platform-cluster-autoscaler': 'kube-system:cluster-autoscaler',
  'backups-job': 'database:mongodb-backup',
  'observability-alertmanager': 'monitoring:alertmanager',
  'observability-cloudwatch-agent': 'amazon-cloudwatch:cloudwatch-agent',
  'mail-sender': 'ecommerce:notification-service',
  'tracing-collector': 'tracing:otel-collector',
  'logging-fluent-bit': 'logging:fluent-bit',
  'rollouts-controller': 'argo-rollouts:argo-rollouts',
};

const ALERT_TOPIC = `arn:aws:mock::${ACCOUNT}:observability`;
const ALERT_KEY = `arn:aws:mock::${ACCOUNT}:observability-alerts`;
const statementsOf = (policy: unknown): Json[] => JSON.parse(String(policy)).Statement;

/** Expectations both stacks must meet on data protection, IAM, the edge, cost and outputs. */
export function describeAccessAndData(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);

  describe(`${stack}: backups`, () => {
    it('keeps backups in a versioned, KMS-encrypted bucket with every public access block on', () => {
      const byName = (type: string) => single(run(), type, 'backups').inputs;
      expect(byName('aws:s3/bucketVersioning:BucketVersioning').versioningConfiguration).toEqual({ status: 'Enabled' });
      expect(
        byName('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration').rules,
      ).toEqual([
        expect.objectContaining({
          applyServerSideEncryptionByDefault: expect.objectContaining({ sseAlgorithm: 'aws:kms' }),
        }),
      ]);
      expect(byName('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const policy = JSON.parse(String(byName('aws:s3/bucketPolicy:BucketPolicy').policy));
      expect(policy.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    });

    it('expires backups after the configured retention', () => {
      const lifecycle = single(run(), 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'backups')
        .inputs as Json;
      expect(lifecycle.rules[0].expiration).toEqual({ days: config['ecommerce:database'].backupRetentionDays });
      expect(lifecycle.rules[0].status).toBe('Enabled');
    });

    it('replicates the backups to the configured second region, with Replication Time Control as configured', () => {
      const database = config['ecommerce:database'];
      const provider = single(run(), 'pulumi:providers:aws', 'backups-replica').inputs;
      expect(provider.region).toBe(database.backupReplicaRegion);
      expect(provider.region).not.toBe(config['aws:region']);
      const replication = single(run(), 'aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'backups')
        .inputs as Json;
      expect(replication.rules[0].destination.replicationTime?.status === 'Enabled').toBe(
        database.backupReplicationTimeControl === true,
      );
    });

    it('turns on the replication rule’s metrics, with RTC’s 15-minute threshold only where RTC is on', () => {
      const replication = single(run(), 'aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'backups')
        .inputs as Json;
      // The rule the alarm's RuleId dimension and the runbooks name.
      expect(replication.rules[0].id).toBe('backups-to-second-region');
      expect(replication.rules[0].destination.metrics).toEqual(
        config['ecommerce:database'].backupReplicationTimeControl === true
          ? { status: 'Enabled', eventThreshold: { minutes: 15 } }
          : { status: 'Enabled' },
      );
    });

    it('alarms the people on call, in the stack’s region, as soon as one backup fails to replicate', () => {
      const alarms = ofType(run(), 'aws:cloudwatch/metricAlarm:MetricAlarm').filter(
        (a) => a.inputs.metricName === 'OperationsFailedReplication',
      );
      expect(alarms.map((a) => a.name)).toEqual(['backups-replication-failed']);
      const [alarm] = alarms;
      expect(alarm.inputs).toMatchObject({
        namespace: 'AWS/S3',
        dimensions: {
          SourceBucket: 'backups-bucket',
          DestinationBucket: 'backups-replica-bucket',
          RuleId: 'backups-to-second-region',
        },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        treatMissingData: 'notBreaching',
        alarmActions: [ALERT_TOPIC],
        okActions: [ALERT_TOPIC],
      });
      expect(alarm.inputs.alarmDescription).toContain('database-storage-and-backups.md#');
      // The default provider (the stack's region), where S3 reports the source bucket's replication metrics.
      expect(alarm.provider ?? '').not.toContain('::backups-replica::');
    });

    it('lets the backup role touch only the backup prefix of its own bucket', () => {
      const policy = JSON.parse(String(single(run(), 'aws:iam/rolePolicy:RolePolicy', 'backups-job').inputs.policy));
      const objectStatement = policy.Statement.find((s: { Action: string[] }) => s.Action.includes?.('s3:PutObject'));
      expect(objectStatement.Resource).toBe('arn:aws:s3:::backups-bucket/mongodb/*');
    });
  });

  describe(`${stack}: the alert topic`, () => {
    const region = config['aws:region'];
    const fromAlarms = {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:*` },
    };

    it('is encrypted with a customer-managed, rotated key, not an AWS-managed one CloudWatch cannot use', () => {
      expect(single(run(), 'aws:sns/topic:Topic', 'observability').inputs.kmsMasterKeyId).toBe(ALERT_KEY);
      expect(single(run(), 'aws:kms/key:Key', 'observability-alerts').inputs.enableKeyRotation).toBe(true);
    });

    it('lets CloudWatch use the key only to publish, and only for this account’s alarms', () => {
      expect(statementsOf(single(run(), 'aws:kms/key:Key', 'observability-alerts').inputs.policy)).toEqual([
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: fromAlarms,
        },
      ]);
    });

    it('lets CloudWatch publish to the topic for this account’s alarms, and nobody else by the topic policy', () => {
      const policy = single(run(), 'aws:sns/topicPolicy:TopicPolicy', 'observability').inputs;
      expect(policy.arn).toBe(ALERT_TOPIC);
      expect(statementsOf(policy.policy)).toEqual([
        {
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ALERT_TOPIC,
          Condition: fromAlarms,
        },
      ]);
    });

    it('still lets Alertmanager publish: the topic, and its key only through SNS', () => {
      expect(
        statementsOf(single(run(), 'aws:iam/rolePolicy:RolePolicy', 'observability-alertmanager').inputs.policy),
      ).toEqual([
        { Effect: 'Allow', Action: 'sns:Publish', Resource: ALERT_TOPIC },
        {
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: ALERT_KEY,
          Condition: { StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` } },
        },
      ]);
    });
  });

  describe(`${stack}: IAM roles for service accounts`, () => {
    it('trusts exactly one service account per role, with StringEquals on sub and aud', () => {
      // The cluster's OIDC provider; CI's roles trust GitHub's (pulumi/test/admin-mfa.spec.ts).
      const federated = ofType(run(), 'aws:iam/role:Role').filter((r) =>
        String(r.inputs.assumeRolePolicy).includes(`oidc-provider/${OIDC_ISSUER}`),
      );
      expect(federated.map((r) => r.name).sort()).toEqual(Object.keys(IRSA_ROLES).sort());
      for (const role of federated) {
        const [statement, ...others] = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement;
        expect(others).toEqual([]);
        expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
        expect(statement.Condition).toEqual({
          StringEquals: {
            [`${OIDC_ISSUER}:sub`]: `system:serviceaccount:${IRSA_ROLES[role.name]}`,
            [`${OIDC_ISSUER}:aud`]: 'sts.amazonaws.com',
          },
        });
      }
    });

    it('only lets EC2 assume the node role', () => {
      const nodeRole = single(run(), 'aws:iam/role:Role', 'cluster-nodes').inputs;
      expect(JSON.parse(String(nodeRole.assumeRolePolicy)).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });
  });

  describe(`${stack}: edge and cost`, () => {
    it('issues an ACM certificate for the configured domain, validated through its Route 53 zone', () => {
      expect(single(run(), 'aws:acm/certificate:Certificate', 'edge').inputs).toMatchObject({
        domainName: config['ecommerce:edge'].domain,
        validationMethod: 'DNS',
      });
      const record = single(run(), 'aws:route53/record:Record', 'edge-validation').inputs;
      expect(record).toMatchObject({ zoneId: config['ecommerce:edge'].hostedZoneId, type: 'CNAME' });
      expect(
        single(run(), 'aws:acm/certificateValidation:CertificateValidation', 'edge').inputs.validationRecordFqdns,
      ).toEqual([`_token.${config['ecommerce:edge'].domain}`]);
    });

    it('has a monthly cost budget for this stack that e-mails the configured people', () => {
      const budget = single(run(), 'aws:budgets/budget:Budget', 'cost').inputs as Json;
      expect(budget).toMatchObject({ budgetType: 'COST', timeUnit: 'MONTHLY', limitUnit: 'USD' });
      expect(budget.limitAmount).toBe(config['ecommerce:budget'].monthlyLimitUsd.toFixed(2));
      expect(budget.costFilters).toEqual([{ name: 'TagKeyValue', values: [`user:Stack$${stack}`] }]);
      expect(budget.notifications.map((n: { notificationType: string }) => n.notificationType)).toEqual([
        'ACTUAL',
        'FORECASTED',
      ]);
      for (const n of budget.notifications)
        expect(n.subscriberEmailAddresses).toEqual(config['ecommerce:budget'].emails);
    });
  });

  describe(`${stack}: outputs`, () => {
    it('exports the kubeconfig as a secret and the repository URLs for CD', async () => {
      const kubeconfig = run().outputs.kubeconfig as { isSecret: Promise<boolean> };
      expect(await kubeconfig.isSecret).toBe(true);
      const urls = await outputValue<Record<string, string>>(run().outputs.repositoryUrls);
      expect(Object.keys(urls)).toEqual([...SERVICE_NAMES]);
      expect(urls['cart-service']).toMatch(
        new RegExp(`\\.dkr\\.ecr\\.eu-west-1\\.amazonaws\\.com/ecommerce-${stack}/cart-service$`),
      );
    });
  });
}
