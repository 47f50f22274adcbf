import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { cacheEgressRule } from '../cache/connection';
import type { ImageMap } from '../config/images';
import { APP_NAMESPACE } from '../config/namespaces';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../config/services';
import { type StackSettings, workloadOf } from '../config/settings';
import { RELEASE_DEFAULTS, localChartPath, stackValuesFile } from '../lib/charts';
import { allOf } from '../lib/outputs';
import { ADMIN_PASSWORD_SPEC } from '../services/admin-bootstrap';
import { checkedStripeKeys, PAYMENT_PROVIDER_EGRESS } from '../services/payments';
import { secretChecksum, serviceSecretEnvironment, type SecretMaterial } from '../services/service-secrets';
import { brokerEgressRule } from '../messaging/connection';
import { MAIL_SERVICE_EGRESS, serviceValues, type MailValues } from '../services/service-values';
import { AMBIENT_LABEL, USE_WAYPOINT_LABEL } from '../mesh/istio-values';
import { podMonitors } from '../observability/traffic-monitors';
import { meshPoliciesRelease } from './mesh';
import { namespaceWithPodSecurity } from '../lib/namespaces';

export interface ServicesArgs {
  /** Stack name, selecting helm/<service>/values-<stack>.yaml. */
  stack: string;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Image per service (repository + digest); every service must be present. */
  images: ImageMap;
  /** Replicas, autoscaling, PDB and resources of this stack. */
  workload: StackSettings['workload'];
  /** Token issuer, audience, and the public keys accepted besides the signing key's own. */
  jwt: StackSettings['jwt'];
  /** Signing key (secret); its public half is derived for every service. */
  jwtPrivateKey: pulumi.Input<string>;
  /** Stripe's API key and webhook signing secret (secrets), checked against the stack's mode, for order-service only. */
  stripe: { secretKey: pulumi.Input<string>; webhookSecret: pulumi.Input<string> };
  /** Address of the first admin; a password is generated for it. Undefined: no admin bootstrap. */
  adminEmail?: string;
  /** The shared cache: its `rediss://` URL (secret) and the subnets and port the pods may reach it on. */
  cache: { redisUrl: pulumi.Output<string>; subnetCidrs: string[]; port: number };
  /** The event bus: its `amqps://` URL (secret) and the subnets and port the services on it may reach it on. */
  broker: { amqpUrl: pulumi.Output<string>; subnetCidrs: string[]; port: number };
  /** What the service that mails shoppers is given: sender, SES region, shop URL and its IRSA role. */
  mail: MailValues;
  /** MongoDB connection string per service (secret), from the database component. */
  mongodbUris: Record<ServiceName, pulumi.Output<string>>;
  /** Proxies in front of the public services, the edge gateway included (gatewayProxyHops). */
  proxyHops: number;
  /**
   * The mesh, when on: the namespace joins it (ambient, through the waypoint), helm/mesh is released with these
   * values after `after` (Istio) and before any service, and every service runs in mesh mode.
   */
  mesh?: { policyValues: object; after: pulumi.Resource[] };
  /** The OpenTelemetry Collector: the OTLP endpoint every service exports traces to, and the egress rule to reach it. */
  tracing: { otlpEndpoint: string; egress: object };
  /** What must be healthy first: database, load balancer controller, monitoring CRDs. */
  dependsOn: pulumi.Resource[];
}

/**
 * The services: one Secret each (assembled from Pulumi secrets, never from Helm values) and one
 * Helm release of `helm/<service>` pinned to the image digest from stack config.
 */
export class Services extends pulumi.ComponentResource {
  public readonly releases: Partial<Record<ServiceName, k8s.helm.v3.Release>> = {};
  /** The app namespace's name, once created: the edge gateway is released into it. */
  public readonly namespace: pulumi.Output<string>;
  /** helm/mesh, when the mesh is on. */
  public readonly meshPolicies?: k8s.helm.v3.Release;
  /** The first admin's generated password (secret), when `adminEmail` is set. */
  public readonly adminPassword?: pulumi.Output<string>;

  constructor(name: string, args: ServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:services:Services', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    // The charts' pods already meet the restricted profile; enforcing it keeps it that way.
    const namespace = namespaceWithPodSecurity(
      name,
      {
        namespace: APP_NAMESPACE,
        podSecurity: 'restricted',
        labels: {
          // The Load Balancer Controller adds a readiness gate to these pods: a rolling update waits until
          // the ALB target is healthy, so the ALB never sends traffic to only new, unregistered pods.
          'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
          // In the mesh: ztunnel carries every pod's traffic over mutual TLS, and the waypoint applies the
          // allowed-call policies of helm/mesh to every request addressed to the services.
          ...(args.mesh ? { ...AMBIENT_LABEL, ...USE_WAYPOINT_LABEL } : {}),
        },
      },
      k8sOpts,
    );
    this.namespace = namespace.metadata.name;
    this.meshPolicies = args.mesh
      ? meshPoliciesRelease(
          // Not `services-<...>`: every release so named is a service's.
          'mesh-policies',
          {
            stack: args.stack,
            namespace: namespace.metadata.name,
            values: args.mesh.policyValues,
            dependsOn: args.mesh.after,
          },
          k8sOpts,
        )
      : undefined;
    const meshFirst = this.meshPolicies ? [this.meshPolicies] : [];
    if (this.meshPolicies) {
      podMonitors('mesh-policies', namespace.metadata.name, ['waypoint'], {
        ...k8sOpts,
        dependsOn: [this.meshPolicies, ...args.dependsOn],
      });
    }

    const clientSecrets = Object.fromEntries(
      SERVICE_NAMES.filter((s) => SERVICES[s].isServiceClient).map((s) => [
        s,
        new random.RandomPassword(`${name}-${s}-client-secret`, { length: 48, special: false }, { parent: this })
          .result,
      ]),
    );

    const adminEmail = args.adminEmail;
    // Secret explicitly: it becomes a stack output, which must never print in clear.
    const adminPassword = adminEmail
      ? pulumi.secret(
          new random.RandomPassword(`${name}-admin-password`, { ...ADMIN_PASSWORD_SPEC }, { parent: this }).result,
        )
      : undefined;
    this.adminPassword = adminPassword;

    const material = pulumi
      .all([
        allOf(args.mongodbUris),
        args.jwtPrivateKey,
        pulumi.all(clientSecrets),
        args.cache.redisUrl,
        adminPassword,
        args.stripe.secretKey,
        args.stripe.webhookSecret,
        args.broker.amqpUrl,
      ])
      .apply(
        ([
          mongodbUris,
          jwtPrivateKey,
          secrets,
          redisUrl,
          password,
          secretKey,
          webhookSecret,
          amqpUrl,
        ]): SecretMaterial => ({
          mongodbUris,
          jwtPrivateKey,
          additionalJwtPublicKeys: args.jwt.additionalPublicKeys,
          clientSecrets: secrets,
          redisUrl,
          admin: adminEmail && password ? { email: adminEmail, password } : undefined,
          stripe: checkedStripeKeys(args.stack, { secretKey, webhookSecret }),
          amqpUrl,
        }),
      );
    const egressToCache = cacheEgressRule(args.cache.subnetCidrs, args.cache.port);
    const egressToBroker = brokerEgressRule(args.broker.subnetCidrs, args.broker.port);
    const extraEgress = (service: ServiceName) => [
      args.tracing.egress,
      ...(SERVICES[service].usesRedis ? [egressToCache] : []),
      ...(SERVICES[service].usesBroker ? [egressToBroker] : []),
      ...(SERVICES[service].takesPayments ? [PAYMENT_PROVIDER_EGRESS] : []),
      ...(SERVICES[service].sendsMail ? [MAIL_SERVICE_EGRESS] : []),
    ];

    for (const service of SERVICE_NAMES) {
      const image = args.images[service];
      if (!image) throw new Error(`ecommerce:images has no image for ${service}`);
      const environment = material.apply((m) => serviceSecretEnvironment(service, m));
      const secret = new k8s.core.v1.Secret(
        `${name}-${service}`,
        {
          metadata: { name: `${service}-env`, namespace: namespace.metadata.name },
          type: 'Opaque',
          stringData: pulumi.secret(environment),
        },
        k8sOpts,
      );
      this.releases[service] = new k8s.helm.v3.Release(
        `${name}-${service}`,
        {
          ...RELEASE_DEFAULTS,
          name: service,
          namespace: namespace.metadata.name,
          chart: localChartPath(service),
          // Resolves the shared library chart (a file://../common dependency); nothing is downloaded.
          dependencyUpdate: true,
          valueYamlFiles: [new pulumi.asset.FileAsset(stackValuesFile(service, args.stack))],
          values: withTracing(
            args.tracing.otlpEndpoint,
            serviceValues({
              service,
              image,
              workload: workloadOf(args.workload, service),
              jwt: args.jwt,
              secretName: secret.metadata.name,
              proxyHops: args.proxyHops,
              meshEnabled: args.mesh !== undefined,
              // A digest of secret values is not itself secret; left plain so a preview shows the pods will roll.
              secretChecksum: pulumi.unsecret(environment.apply(secretChecksum)),
              extraEgress: extraEgress(service),
              mail: SERVICES[service].sendsMail ? args.mail : undefined,
            }),
          ),
        },
        { ...k8sOpts, dependsOn: [...args.dependsOn, ...meshFirst, secret] },
      );
    }
    this.registerOutputs({});
  }
}

/** Every service exports its traces to the collector (libs/tracing starts the SDK only when this is set). */
function withTracing<V extends { config: object }>(otlpEndpoint: string, values: V): V {
  return { ...values, config: { ...values.config, OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint } };
}
