import type * as pulumi from '@pulumi/pulumi';
import type { ImageRef } from '../config/images';
import { isPublicService, SERVICES, type ServiceName } from '../config/services';
import type { StackSettings, WorkloadSizing } from '../config/settings';
import { DATABASE_NAMESPACE, MONITORING_NAMESPACE } from '../config/namespaces';
import { PAYMENT_PROVIDER } from './payments';
import { RELEASE_CHECKS_SERVICE_ACCOUNT } from '../mesh/mesh-values';

export const SERVICE_PORT = 3000;

/** What every verifier checks in a token besides its signature. */
type TokenClaims = Pick<StackSettings['jwt'], 'issuer' | 'audience'>;

export interface ServiceValuesArgs {
  service: ServiceName;
  /** Image pinned by digest, from `ecommerce:images`. */
  image: ImageRef;
  /** Replicas, autoscaling, PDB and resources of this service in this stack (its overrides applied). */
  workload: WorkloadSizing;
  /** Token issuer and audience shared by every service. */
  jwt: TokenClaims;
  /** Name of the Secret holding the service's secret environment variables. */
  secretName: pulumi.Input<string>;
  /**
   * Proxies in front of a public service, each appending to X-Forwarded-For: the edge gateway, the ALB and, with the
   * CDN, CloudFront (gatewayProxyHops).
   */
  proxyHops: number;
  /** Whether the service is in the mesh: its NetworkPolicy then admits the waypoint's HBONE instead of plain clients. */
  meshEnabled: boolean;
  /** Fingerprint of the service's Secret: a changed Secret rolls the pods (see secretChecksum). */
  secretChecksum: pulumi.Input<string>;
  /** Egress rules beyond the chart's own (DNS, database, upstreams): to the cache, the broker, HTTPS to Stripe or SES. */
  extraEgress: object[];
  /** For the service that mails shoppers: its sender, SES region, shop links and the IRSA role it sends with. */
  mail?: MailValues;
}

export interface MailValues {
  mailFrom: string;
  region: string;
  shopUrl: string;
  senderRoleArn: pulumi.Input<string>;
}

/**
 * The proxies in front of a public service: those in front of the edge gateway (its clientIp.trustedHops) and the
 * gateway itself, which appends the ALB's address to X-Forwarded-For. The mesh's waypoint appends nothing.
 */
export const gatewayProxyHops = (hopsBeforeGateway: number) => hopsBeforeGateway + 1;

/** Egress to SES and STS (IRSA's token exchange): HTTPS, to anywhere, since neither has a fixed address range. */
export const MAIL_SERVICE_EGRESS = { ports: [{ port: 443, protocol: 'TCP' }] };

/** Pod annotation carrying the Secret's fingerprint; named so no policy mistakes it for a secret value. */
export const SECRET_CHECKSUM_ANNOTATION = 'ecommerce/secret-checksum';

/** Non-secret environment for a service (types as the chart schema wants them); secrets only via `existingSecret`. */
export function serviceEnvironment(
  service: ServiceName,
  workload: Pick<WorkloadSizing, 'logLevel'>,
  jwt: TokenClaims,
  proxyHops: number,
) {
  const common: Record<string, string | number> = {
    NODE_ENV: 'production',
    LOG_LEVEL: workload.logLevel,
    JWT_ISSUER: jwt.issuer,
    JWT_AUDIENCE: jwt.audience,
    // The edge gateway, the ALB, and CloudFront before it when the CDN is on (the ALB then takes nothing else):
    // client IPs (rate limits, logs) are the X-Forwarded-For entry the outermost proxy added. None without routes.
    TRUST_PROXY: isPublicService(service) ? proxyHops : 0,
    SHUTDOWN_DRAIN_MS: 10000,
    MONGODB_MAX_POOL_SIZE: 20,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: 5000,
    MONGODB_SOCKET_TIMEOUT_MS: 30000,
    RATE_LIMIT_WINDOW_MS: 60000,
    RATE_LIMIT_MAX: 300,
    RATE_LIMIT_AUTH_MAX: 10,
    OTEL_SERVICE_NAME: service,
  };
  if (service === 'user-service') {
    Object.assign(common, { ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_SECONDS: 1209600, BCRYPT_COST: 12 });
  }
  if (SERVICES[service].isServiceClient) {
    Object.assign(common, {
      SERVICE_CLIENT_ID: service,
      HTTP_TIMEOUT_MS: 2000,
      HTTP_RETRIES: 2,
      BREAKER_RESET_TIMEOUT_MS: 30000,
    });
  }
  if (SERVICES[service].takesPayments) common.PAYMENT_PROVIDER = PAYMENT_PROVIDER;
  return common;
}

/** In-namespace URLs of the services this one calls, as the chart's `upstreams` map. */
export function serviceUpstreams(service: ServiceName): Record<string, { url: string }> {
  return Object.fromEntries(
    Object.entries(SERVICES[service].upstreams).map(([key, target]) => [
      key,
      { url: `http://${target}:${SERVICE_PORT}` },
    ]),
  );
}

/**
 * Helm values for `helm/<service>`, layered over the chart's values-<stack>.yaml: what only the stack knows
 * (image digest, Secret name and fingerprint, proxies in front, mesh mode, egress to the cache) and the stack's
 * sizing, which wins over the file. No Ingress (the public services' is switched off): every public request
 * arrives through the edge gateway, whose Ingress takes the shared ALB, and so no ALB ranges in the NetworkPolicy.
 */
export function serviceValues(a: ServiceValuesArgs) {
  const w = a.workload;
  const mail = a.mail;
  return {
    image: { repository: a.image.repository, digest: a.image.digest, pullPolicy: 'IfNotPresent' },
    existingSecret: a.secretName,
    config: {
      ...serviceEnvironment(a.service, w, a.jwt, a.proxyHops),
      // SES is the app's transport with NODE_ENV=production; its credentials come from the ServiceAccount's role.
      ...(mail ? { MAIL_FROM: mail.mailFrom, AWS_REGION: mail.region, SHOP_URL: mail.shopUrl } : {}),
    },
    upstreams: serviceUpstreams(a.service),
    replicaCount: w.minReplicas,
    resources: { requests: { cpu: w.requests.cpu, memory: w.requests.memory }, limits: { memory: w.limits.memory } },
    autoscaling: {
      enabled: true,
      minReplicas: w.minReplicas,
      maxReplicas: w.maxReplicas,
      targetCPUUtilizationPercentage: w.targetCPUUtilizationPercentage,
    },
    pdb: w.pdbMaxUnavailable > 0 ? { create: true, maxUnavailable: w.pdbMaxUnavailable } : { create: false },
    podAnnotations: { [SECRET_CHECKSUM_ANNOTATION]: a.secretChecksum },
    ...(mail ? { serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': mail.senderRoleArn } } } : {}),
    networkPolicy: {
      enabled: true,
      database: { namespace: DATABASE_NAMESPACE },
      monitoring: { namespace: MONITORING_NAMESPACE },
      extraEgress: a.extraEgress,
    },
    serviceMonitor: { enabled: true, labels: { release: 'kube-prometheus-stack' } },
    mesh: { enabled: a.meshEnabled },
    // In the mesh the release checks run as the identity helm/mesh creates and allows; outside it, as the default.
    ...(a.meshEnabled ? { releaseChecks: { serviceAccountName: RELEASE_CHECKS_SERVICE_ACCOUNT } } : {}),
    // Off explicitly: the charts' values-<stack>.yaml still turn it on for a plain `helm install` without the gateway.
    ...(isPublicService(a.service) ? { ingress: { enabled: false } } : {}),
  };
}
