import { isPublicServiceChart, type ServiceChart } from '../charts';
import { APP_DEFAULT_CONFIG } from './app-default-config';
import {
  arrayOf,
  boolean,
  integer,
  nameAndHelmKeys,
  number,
  object,
  oneOfStrings,
  patterns,
  type Schema,
  string,
  stringMap,
} from './dsl';
import { image, pdb, probes, resources, securityContext, serviceNames, tolerations, topologySpread } from './parts';

/**
 * Environment variables that are secret in the runtime contract: they may only come from existingSecret.
 * ADMIN_EMAIL is listed too because user-service needs it together with ADMIN_PASSWORD, from the same Secret.
 */
export const SECRET_ENV_NAMES = [
  'MONGODB_URI',
  'JWT_PUBLIC_KEY',
  'JWT_PRIVATE_KEY',
  'SERVICE_CLIENTS',
  'SERVICE_CLIENT_SECRET',
  'REDIS_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  // amqps://user:password@broker and smtp(s)://user:password@relay carry credentials.
  'AMQP_URL',
  'SMTP_URL',
];

const everyServiceConfig: Record<string, Schema> = {
  NODE_ENV: oneOfStrings('production', 'development', 'test'),
  LOG_LEVEL: oneOfStrings('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  MONGODB_MAX_POOL_SIZE: integer(1, 500),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: integer(100, 120000),
  MONGODB_SOCKET_TIMEOUT_MS: integer(1000, 600000),
  JWT_ISSUER: string({ minLength: 1 }),
  JWT_AUDIENCE: string({ minLength: 1 }),
  RATE_LIMIT_WINDOW_MS: integer(1000, 3600000),
  RATE_LIMIT_MAX: integer(1),
  RATE_LIMIT_AUTH_MAX: integer(1),
  RATE_LIMIT_SERVICE_MAX: integer(1),
  TRUST_PROXY: integer(0, 5),
  SHUTDOWN_DRAIN_MS: integer(0, 120000),
  // Load shedding (libs/service-kit): API requests in progress per pod before 503 SERVICE_OVERLOADED; 0 turns it off.
  SERVICE_MAX_IN_FLIGHT: integer(0, 10000),
  OTEL_SERVICE_NAME: string({ pattern: patterns.dnsLabel }),
  OTEL_EXPORTER_OTLP_ENDPOINT: string({ pattern: patterns.httpUrl }),
  CORS_ALLOWED_ORIGINS: string({ pattern: patterns.originList }),
};

const tokenIssuerConfig: Record<string, Schema> = {
  ACCESS_TOKEN_TTL_SECONDS: integer(60, 3600),
  REFRESH_TOKEN_TTL_SECONDS: integer(3600, 7776000),
  BCRYPT_COST: integer(12, 15),
};

const serviceClientConfig: Record<string, Schema> = {
  SERVICE_CLIENT_ID: string({ pattern: patterns.dnsLabel }),
  HTTP_TIMEOUT_MS: integer(100, 60000),
  HTTP_RETRIES: integer(0, 5),
  BREAKER_RESET_TIMEOUT_MS: integer(1000, 300000),
};

/**
 * order-service's payment provider. The app refuses `sandbox` (no money moves) when NODE_ENV=production, so the
 * schema does too: Helm stops the install instead of a pod that never starts. STRIPE_API_URL (stripe-mock in
 * tests) is deliberately not a chart setting: config is closed, so it is refused.
 */
const paymentConfig: Record<string, Schema> = { PAYMENT_PROVIDER: oneOfStrings('sandbox', 'stripe') };
const paymentRules: Schema = {
  if: { type: 'object', properties: { NODE_ENV: { const: 'production' } }, required: ['NODE_ENV'] },
  then: { type: 'object', properties: { PAYMENT_PROVIDER: { const: 'stripe' } } },
};

/**
 * notification-service's mail settings. The sender is required in production (the app refuses to start
 * without it), so Helm refuses the install too; SMTP_URL is a secret (it may carry credentials) and SES
 * credentials come from IRSA, never from values.
 */
const MAILBOX = '[^<>@\\s]+@[^<>@\\s]+\\.[^<>@\\s]+';
const mailConfig: Record<string, Schema> = {
  MAIL_FROM: string({ pattern: `^(${MAILBOX}|[^<>@]+ <${MAILBOX}>)$` }),
  AWS_REGION: string({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
  SHOP_URL: string({ pattern: patterns.httpUrl }),
};
const mailRules: Schema = {
  if: { type: 'object', properties: { NODE_ENV: { const: 'production' } }, required: ['NODE_ENV'] },
  // The property is repeated here only so that strict validators see the required key as known.
  then: { type: 'object', properties: { MAIL_FROM: true }, required: ['MAIL_FROM'] },
};

/** What differs between the service charts; everything else in their values is the same contract. */
interface ServiceSpec {
  config: Record<string, Schema>;
  /** Cross-field rules on `config` (JSON Schema keywords added to it). */
  configRules?: Schema;
  upstreams: string[];
  /** Keys of `config` that may be left out (cross-field rules may still require them). */
  optionalConfig?: string[];
}

const SPECS: Record<ServiceChart, ServiceSpec> = {
  'product-service': { config: {}, upstreams: [] },
  'user-service': { config: tokenIssuerConfig, upstreams: [] },
  'cart-service': { config: serviceClientConfig, upstreams: ['productService', 'userService'] },
  'order-service': {
    config: { ...serviceClientConfig, ...paymentConfig },
    configRules: paymentRules,
    upstreams: ['cartService', 'productService', 'userService'],
  },
  'notification-service': {
    config: { ...serviceClientConfig, ...mailConfig },
    configRules: mailRules,
    upstreams: ['userService'],
    optionalConfig: Object.keys(mailConfig),
  },
};

/** Settings only the charts with a public API have: the Ingress, the ALB's ranges and the helm test pod. */
const publicApiValues = (): Record<string, Schema> => ({
  ingress: object('Ingress on the shared ALB (AWS Load Balancer Controller)', {
    enabled: boolean(),
    className: string({ pattern: patterns.dnsSubdomain }),
    groupName: string({ pattern: patterns.dnsLabel }),
    scheme: oneOfStrings('internet-facing', 'internal'),
    host: string({ pattern: patterns.optionalHost }),
    certificateArn: string({ pattern: patterns.optionalCertificateArn }),
    sslPolicy: string({ pattern: '^ELBSecurityPolicy-[A-Za-z0-9-]+$' }),
    deregistrationDelaySeconds: integer(0, 3600),
    // API prefixes, or a well-known document (user-service's JWKS, public by design); never /internal.
    paths: arrayOf(string({ pattern: '^(/api/v[0-9]+/[a-z0-9-]+|/\\.well-known/[a-z0-9.-]+)$' }), {
      minItems: 1,
      uniqueItems: true,
    }),
    exposeDocs: boolean(),
    annotations: stringMap(),
  }),
  tests: object('The helm test pod', { image: image('Image of the helm test pod') }),
});

/** The rollout controller's release events a Rollout may subscribe to (Argo Rollouts' notification triggers). */
export const ROLLOUT_TRIGGERS = [
  'on-rollout-updated',
  'on-rollout-step-completed',
  'on-rollout-paused',
  'on-rollout-completed',
  'on-rollout-aborted',
  'on-analysis-run-failed',
  'on-analysis-run-error',
  'on-analysis-run-running',
  'on-scaling-replica-set',
] as const;

/** Blue-green releases with Argo Rollouts (helm/common/templates/_rollout.tpl, _analysistemplate.tpl). */
const rolloutValues = (): Schema =>
  object('Blue-green releases with Argo Rollouts instead of a rolling Deployment', {
    enabled: boolean(),
    autoPromotionEnabled: boolean(),
    scaleDownDelaySeconds: integer(0, 3600),
    abortScaleDownDelaySeconds: integer(0, 3600),
    analysis: object(
      'The pre-promotion analysis: smoke checks on the preview Service, error rate and p99 from Prometheus',
      {
        smokePaths: arrayOf(string({ pattern: '^(/api/v[0-9]+|/\\.well-known)/[a-z0-9/._-]+$' }), {
          uniqueItems: true,
        }),
        smokeTimeoutSeconds: integer(10, 1800),
        prometheusAddress: string({ pattern: patterns.httpUrl }),
        window: string({ pattern: patterns.duration }),
        initialDelay: string({ pattern: patterns.duration }),
        interval: string({ pattern: patterns.duration }),
        count: integer(1, 60),
        failureLimit: integer(0, 59),
        consecutiveErrorLimit: integer(0, 59),
        maxErrorRatio: number(0, 1),
        maxP99Seconds: number(0.001, 60),
      },
    ),
    notifications: object(
      "Where the rollout controller sends this service's release events (annotations on the Rollout)",
      {
        slackChannel: string({ pattern: '^([a-z0-9][a-z0-9._-]{0,79})?$' }),
        email: string({ pattern: '^([^,@\\s]+@[^,@\\s]+\\.[^,@\\s]+( *, *[^,@\\s]+@[^,@\\s]+\\.[^,@\\s]+)*)?$' }),
        triggers: arrayOf(oneOfStrings(...ROLLOUT_TRIGGERS), { uniqueItems: true }),
      },
    ),
  });

/** Who may open the service port besides Prometheus: only public services are called (or reached by the ALB). */
const publicApiIngress = (): Record<string, Schema> => ({
  allowedClients: serviceNames(),
  loadBalancer: object('Where the ALB connects from', { cidrs: arrayOf(string({ pattern: patterns.cidr })) }),
});

export function serviceSchema(chart: ServiceChart): Schema {
  const spec = SPECS[chart];
  const isPublic = isPublicServiceChart(chart);
  const upstreams = Object.fromEntries(
    spec.upstreams.map((key) => [key, object(`Upstream ${key}`, { url: string({ pattern: patterns.httpUrl }) })]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${chart} chart values`,
    ...object(
      `Values of the ${chart} chart`,
      {
        ...nameAndHelmKeys(),
        image: image('Container image of the service'),
        replicaCount: integer(1, 50),
        terminationGracePeriodSeconds: integer(15, 300),
        securityContext: securityContext('Identity the container runs as (always non-root)'),
        tmpVolume: object('The in-memory /tmp volume', { sizeLimit: string({ pattern: patterns.memory }) }),
        resources: resources('Container resources'),
        probes: probes(),
        topologySpread: topologySpread('Spread of the pods across zones and nodes'),
        podAnnotations: stringMap(),
        priorityClassName: string({ pattern: `^(${patterns.dnsSubdomain.slice(1, -1)})?$` }),
        nodeSelector: stringMap(),
        tolerations: tolerations(),
        config: object(
          'Non-secret environment variables, rendered into the ConfigMap (PORT, HOST and upstream URLs are set by the chart)',
          { ...everyServiceConfig, ...spec.config, ...APP_DEFAULT_CONFIG[chart] },
          {
            optional: [
              'OTEL_EXPORTER_OTLP_ENDPOINT',
              'CORS_ALLOWED_ORIGINS',
              ...(spec.optionalConfig ?? []),
              ...Object.keys(APP_DEFAULT_CONFIG[chart]),
            ],
            extra: { propertyNames: { not: { enum: SECRET_ENV_NAMES } }, ...spec.configRules },
          },
        ),
        existingSecret: string({ pattern: `^(${patterns.dnsSubdomain.slice(1, -1)})?$` }),
        upstreams: object('Services this one calls, rendered as <NAME>_URL', upstreams),
        service: object('The ClusterIP Service', { port: integer(1, 65535) }),
        serviceAccount: object('The pods ServiceAccount', {
          create: boolean(),
          name: string({ pattern: `^(${patterns.dnsSubdomain.slice(1, -1)})?$` }),
          annotations: stringMap(),
          automountToken: boolean(),
        }),
        autoscaling: object('HorizontalPodAutoscaler on CPU and memory', {
          enabled: boolean(),
          minReplicas: integer(1, 50),
          maxReplicas: integer(1, 50),
          targetCPUUtilizationPercentage: integer(1, 100),
          targetMemoryUtilizationPercentage: integer(1, 100),
        }),
        pdb: pdb(),
        networkPolicy: object('NetworkPolicy: deny by default, allow only the listed traffic', {
          enabled: boolean(),
          ...(isPublic ? publicApiIngress() : {}),
          monitoring: object('Prometheus allowed to scrape /metrics', {
            namespace: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
            podLabels: stringMap(),
          }),
          database: object('MongoDB pods the service may reach', {
            namespace: string({ pattern: `^(${patterns.dnsLabel.slice(1, -1)})?$` }),
            podLabels: { ...stringMap(), minProperties: 1 },
            port: integer(1, 65535),
          }),
          dns: object('Cluster DNS pods the service may reach', {
            namespace: string({ pattern: patterns.dnsLabel }),
            podLabels: { ...stringMap(), minProperties: 1 },
          }),
          extraEgress: arrayOf({ type: 'object' }),
        }),
        mesh: object('The Istio ambient mesh (helm/mesh) and what it changes in the NetworkPolicy', {
          enabled: boolean(),
          waypoint: object("The namespace's waypoint", { podLabels: { ...stringMap(), minProperties: 1 } }),
        }),
        serviceMonitor: object('Prometheus Operator ServiceMonitor', {
          enabled: boolean(),
          interval: string({ pattern: patterns.duration }),
          scrapeTimeout: string({ pattern: patterns.duration }),
          labels: stringMap(),
        }),
        ...(isPublic ? publicApiValues() : {}),
        releaseChecks: object('Identity of the release checks (helm test pod, analysis Job)', {
          serviceAccountName: string({ pattern: patterns.optionalDnsLabel }),
        }),
        rollout: rolloutValues(),
      },
      { optional: ['global', 'common'] },
    ),
  };
}
