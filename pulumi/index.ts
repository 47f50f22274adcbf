/**
 * The e-commerce platform, one stack per environment. Each line below is one concern in its own
 * component; staging and prod run this same program and differ only in Pulumi.<stack>.yaml.
 */
import * as pulumi from '@pulumi/pulumi';
import { Access } from './components/access';
import { Backups } from './components/backups';
import { Broker } from './components/broker';
import { Cache } from './components/cache';
import { Cdn } from './components/cdn';
import { Cluster } from './components/cluster';
import { Cost } from './components/cost';
import { Database } from './components/database';
import { DeployRunner } from './components/deploy-runner';
import { Edge } from './components/edge';
import { Gateway } from './components/gateway';
import { Logging } from './components/logging';
import { Mail } from './components/mail';
import { Mesh } from './components/mesh';
import { Network } from './components/network';
import { Observability } from './components/observability';
import { Platform } from './components/platform';
import { Registry } from './components/registry';
import { Rollouts } from './components/rollouts';
import { Services } from './components/services';
import { Tracing } from './components/tracing';
import { imagesReadyToDeploy } from './config/images';
import { loadStackSecrets, loadStackSettings } from './config/load';
import { SERVICE_NAMES } from './config/services';
import { APP_NAMESPACE, DATABASE_NAMESPACE } from './config/namespaces';
import { BACKUP_CRONJOB, BACKUP_PREFIX, BACKUP_SERVICE_ACCOUNT } from './database/mongodb-values';
import { COLLECTOR_EGRESS } from './observability/telemetry-access';
import { trustedHops } from './gateway/gateway-values';
import { meshPolicyValues } from './mesh/mesh-values';
import { gatewayProxyHops } from './services/service-values';
import { accountIdOf } from './lib/trust';

const settings = loadStackSettings();
const secrets = loadStackSecrets();
const eksClusterName = `ecommerce-${settings.stack}`;

const network = new Network('network', { ...settings.network, clusterName: eksClusterName });

const cluster = new Cluster('cluster', {
  clusterName: eksClusterName,
  ...settings.cluster,
  nodeGroup: settings.nodeGroup,
  vpcId: network.vpcId,
  publicSubnetIds: network.publicSubnetIds,
  privateSubnetIds: network.privateSubnetIds,
  availabilityZones: settings.network.availabilityZones,
});
const clusterAccess = { provider: cluster.provider, nodesReady: cluster.nodesReady, oidc: cluster.oidc };
const accountId = pulumi.output(cluster.oidc.arn).apply(accountIdOf);

// The roles people assume (admin, read-only operator), MFA required, mapped to EKS (docs/operations/bootstrap.md).
const access = new Access('access', {
  stack: settings.stack,
  accountId,
  clusterName: cluster.clusterName,
  admins: settings.access.admins,
  operators: settings.access.operators,
  dependsOn: [cluster],
});

// CD deploys from inside the VPC, through the API's private endpoint (docs/operations/ci-cd.md).
const deployRunner = new DeployRunner('deploy-runner', {
  projectName: `${eksClusterName}-deploy`,
  repository: settings.deployRunner.repository,
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  clusterSecurityGroupId: cluster.workloadSecurityGroupId,
});

const cache = new Cache('cache', {
  stack: settings.stack,
  ...settings.cache,
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  clientSecurityGroupId: cluster.workloadSecurityGroupId,
});

// The event bus: order-service publishes (through its outbox), notification-service consumes.
const broker = new Broker('broker', {
  stack: settings.stack,
  settings: settings.messaging,
  vpcId: network.vpcId,
  subnetIds: network.privateSubnetIds,
  clientSecurityGroupId: cluster.workloadSecurityGroupId,
});

// The ServiceAccount of the notification-service release is named like it (helm/common names.serviceAccountName).
const mail = new Mail('mail', {
  domain: settings.notifications.mailDomain,
  hostedZoneId: settings.notifications.hostedZoneId,
  mailFrom: settings.notifications.mailFrom,
  oidc: cluster.oidc,
  namespace: APP_NAMESPACE,
  serviceAccount: 'notification-service',
});

// Developers pull (MFA), only CI pushes (docs/operations/images.md#team-access).
const registry = new Registry('registry', {
  prefix: eksClusterName,
  services: SERVICE_NAMES,
  accountId,
  developers: settings.access.developers,
  pushSubjects: settings.access.ecrPushSubjects,
  taggerRoles: settings.access.ecrTaggerRoles,
});

const platform = new Platform('platform', {
  ...clusterAccess,
  clusterName: cluster.clusterName,
  kubernetesVersion: settings.cluster.kubernetesVersion,
  region: settings.region,
  vpcId: network.vpcId,
});

// The runbooks as committed on main, in the repository CD deploys from.
const runbookBaseUrl = `https://github.com/${settings.deployRunner.repository}/blob/main/docs/operations/runbooks`;

// Before the backups: their replication alarm publishes to its alert topic.
const observability = new Observability('observability', {
  ...clusterAccess,
  ...settings.observability,
  clusterName: cluster.clusterName,
  region: settings.region,
  services: SERVICE_NAMES,
  alertEmail: settings.alertEmail,
  backupCronJob: BACKUP_CRONJOB,
  runbookBaseUrl,
  inMesh: settings.mesh.enabled,
  after: [platform.loadBalancerController],
});

const backups = new Backups('backups', {
  oidc: cluster.oidc,
  namespace: DATABASE_NAMESPACE,
  serviceAccount: BACKUP_SERVICE_ACCOUNT,
  prefix: BACKUP_PREFIX,
  retentionDays: settings.database.backupRetentionDays,
  region: settings.region,
  replica: settings.database.backupReplica,
  drillSource: settings.database.restoreDrill.source,
  drillReaderRoleArns: settings.database.restoreDrill.readerRoleArns,
  alerting: { topicArn: observability.alertTopicArn, runbookBaseUrl },
});

const database = new Database('database', {
  stack: settings.stack,
  provider: cluster.provider,
  ...settings.database,
  backupBucket: backups.bucketName,
  backupRoleArn: backups.roleArn,
  region: settings.region,
  // After the Load Balancer Controller: its webhooks refuse objects until its pods are ready.
  dependsOn: [cluster, platform.loadBalancerController],
});

// The mesh (Istio ambient): mutual TLS and workload identities between the services (docs/pulumi/mesh.md).
const mesh = new Mesh('mesh', {
  ...clusterAccess,
  istiodReplicas: settings.mesh.istiodReplicas,
  after: [platform.loadBalancerController],
  monitoring: observability.release,
});

// Blue-green releases: Argo Rollouts and its notifications (docs/decisions/0019-blue-green-releases.md).
const rollouts = new Rollouts('rollouts', {
  ...clusterAccess,
  stack: settings.stack,
  region: settings.region,
  mail: { identityArn: mail.identityArn, domain: settings.notifications.mailDomain },
  slackToken: new pulumi.Config().getSecret('releaseSlackToken'),
  runsUrl: `https://github.com/${settings.deployRunner.repository}/actions/workflows/cd.yml`,
  after: [platform.loadBalancerController, observability.release],
});

// Logs: Fluent Bit to one CloudWatch log group per service, with the stack's retention and saved queries.
const logging = new Logging('logging', {
  ...clusterAccess,
  stack: settings.stack,
  region: settings.region,
  services: SERVICE_NAMES,
  settings: settings.logging,
  after: [platform.loadBalancerController],
});

// Traces: the OpenTelemetry Collector, sampling per stack, to X-Ray (docs/decisions/0016-trace-backend.md).
const tracing = new Tracing('tracing', {
  ...clusterAccess,
  region: settings.region,
  settings: settings.tracing,
  logGroupNames: Object.values(logging.groupNames),
  after: [platform.loadBalancerController],
});

const edge = new Edge('edge', {
  ...settings.edge,
  ingressGroupName: eksClusterName,
  cloudFrontCertificate: settings.cdn.enabled,
});

new Cost('cost', { stack: settings.stack, ...settings.budget, cdnMonthlyLimitUsd: settings.cdn.monthlyLimitUsd });

// Until CD has pushed the first images the stack stops here (see docs/pulumi/bootstrap.md).
const services = imagesReadyToDeploy(settings.images)
  ? new Services('services', {
      stack: settings.stack,
      provider: cluster.provider,
      images: settings.images,
      workload: settings.workload,
      jwt: settings.jwt,
      jwtPrivateKey: secrets.jwtPrivateKey,
      stripe: secrets.stripe,
      adminEmail: settings.adminEmail,
      cache: { redisUrl: cache.redisUrl, subnetCidrs: network.privateSubnetCidrs, port: cache.port },
      broker: { amqpUrl: broker.amqpUrl, subnetCidrs: network.privateSubnetCidrs, port: broker.port },
      mail: {
        mailFrom: settings.notifications.mailFrom,
        region: settings.region,
        shopUrl: settings.notifications.shopUrl,
        senderRoleArn: mail.senderRoleArn,
      },
      mongodbUris: database.mongodbUris,
      // Behind CloudFront the client's address is one hop further out (docs/decisions/0018-cdn-for-the-catalog.md).
      proxyHops: gatewayProxyHops(trustedHops(settings.cdn.enabled)),
      mesh: {
        policyValues: meshPolicyValues({ samplingPercent: settings.tracing.samplingPercent }),
        after: [mesh.ready, platform.loadBalancerController],
      },
      tracing: { otlpEndpoint: tracing.otlpEndpoint, egress: COLLECTOR_EGRESS },
      dependsOn: [
        database.release,
        platform.loadBalancerController,
        platform.metricsServer,
        observability.release,
        rollouts.release,
      ],
    })
  : undefined;
if (!services) pulumi.log.warn('ecommerce:images is empty: the services are not deployed yet (bootstrap).');

// The edge gateway every public request passes: routes, token checks, rate limits, CORS, and the ALB's Ingress
// (docs/pulumi/gateway.md). With the services: before them there is nothing to route to.
const gateway = services
  ? new Gateway('gateway', {
      ...clusterAccess,
      stack: settings.stack,
      namespace: services.namespace,
      gateway: settings.gateway,
      jwt: settings.jwt,
      cdnEnabled: settings.cdn.enabled,
      ingress: { host: edge.domain, groupName: edge.ingressGroupName, certificateArn: edge.certificateArn },
      loadBalancerCidrs: network.publicSubnetCidrs,
      samplingPercent: settings.tracing.samplingPercent,
      meshEnabled: settings.mesh.enabled,
      after: [platform.loadBalancerController, observability.release],
      edgeAfter: services.meshPolicies ? [services.meshPolicies] : [],
    })
  : undefined;

// The API name: at CloudFront, which caches the anonymous catalog reads in front of the ALB, or at the ALB itself.
// Once the gateway's Ingress has made the ALB (docs/decisions/0018-cdn-for-the-catalog.md).
const cdn = gateway
  ? new Cdn('cdn', {
      stack: settings.stack,
      domain: settings.edge.domain,
      hostedZoneId: settings.edge.hostedZoneId,
      // Named after its release (helm/gateway); resolves once the release is deployed.
      ingress: gateway.ingress,
      provider: cluster.provider,
      distribution:
        settings.cdn.enabled && edge.cloudFrontCertificateArn
          ? {
              priceClass: settings.cdn.priceClass,
              certificateArn: edge.cloudFrontCertificateArn,
              vpcId: network.vpcId,
              vpcCidr: settings.network.cidrBlock,
            }
          : undefined,
    })
  : undefined;

export const clusterName = cluster.clusterName;
/** The CodeBuild project CD's deploy jobs run on (`runs-on: codebuild-<project>-<run id>-<attempt>`). */
export const deployRunnerProject = deployRunner.projectName;
export const kubeconfig = cluster.kubeconfig;
export const repositoryUrls = registry.repositoryUrls;
export const backupBucket = backups.bucketName;
/** What another stack's `database.restoreDrill` names: this stack's backups and the job role reading them. */
export const backupBucketArn = backups.bucketArn;
export const backupKeyArn = backups.keyArn;
export const backupRoleArn = backups.roleArn;
/** The copy in the second region: where a restore reads from when the stack's region is down. */
export const backupReplicaRegion = backups.replica?.region;
export const backupReplicaBucket = backups.replica?.bucketName;
export const backupReplicaBucketArn = backups.replica?.bucketArn;
export const backupReplicaKeyArn = backups.replica?.keyArn;
/** The roles people assume, MFA required (docs/operations/bootstrap.md). */
export const adminRoleArn = access.roleArns.admin;
export const operatorRoleArn = access.roleArns.operator;
export const ecrPullRoleArn = registry.pullRoleArn;
/** CI's push role: the repository variable AWS_ECR_PUSH_ROLE_ARN (docs/operations/images.md#team-access). */
export const ecrPushRoleArn = registry.pushRoleArn;
export const alertTopicArn = observability.alertTopicArn;
export const apiUrl = `https://${edge.domain}`;
/** The CloudFront distribution in front of the API (invalidations, metrics), when `ecommerce:cdn.enabled`. */
export const cdnDistributionId = cdn?.distributionId;
export const cacheReplicationGroupId = cache.replicationGroupId;
/** The Amazon MQ broker (console, `aws mq describe-broker`; the runbooks start there). */
export const brokerId = broker.brokerId;
/** The first admin's password (`pulumi stack output --show-secrets adminPassword`), when ecommerce:adminEmail is set. */
export const adminPassword = services?.adminPassword;
/** What this stack runs; `promote.ts --source stack` reads it to promote exactly these digests. */
export const images = services ? settings.images : {};
