import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { ImageMap } from '../config/images';
import { APP_NAMESPACE } from '../config/namespaces';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../config/services';
import type { StackSettings } from '../config/settings';
import { RELEASE_DEFAULTS, localChartPath, stackValuesFile } from '../lib/charts';
import { allOf } from '../lib/outputs';
import { serviceSecretEnvironment, type SecretMaterial } from '../services/service-secrets';
import { serviceValues } from '../services/service-values';

export interface ServicesArgs {
  /** Stack name, selecting helm/<service>/values-<stack>.yaml. */
  stack: string;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Image per service (repository + digest); all four must be present. */
  images: ImageMap;
  /** Replicas, autoscaling, PDB and resources of this stack. */
  workload: StackSettings['workload'];
  /** Token issuer and audience. */
  jwt: StackSettings['jwt'];
  /** Signing key (secret); its public half is derived for every service. */
  jwtPrivateKey: pulumi.Input<string>;
  /** MongoDB connection string per service (secret), from the database component. */
  mongodbUris: Record<ServiceName, pulumi.Output<string>>;
  /** Shared ALB: host, certificate and group. */
  ingress: { host: string; groupName: string; certificateArn: pulumi.Input<string> };
  /** CIDRs of the public subnets the ALB reaches pods from. */
  loadBalancerCidrs: string[];
  /** What must be healthy first: database, load balancer controller, monitoring CRDs. */
  dependsOn: pulumi.Resource[];
}

/**
 * The four services: one Secret each (assembled from Pulumi secrets, never from Helm values) and one
 * Helm release of `helm/<service>` pinned to the image digest from stack config.
 */
export class Services extends pulumi.ComponentResource {
  public readonly releases: Partial<Record<ServiceName, k8s.helm.v3.Release>> = {};

  constructor(name: string, args: ServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:services:Services', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: APP_NAMESPACE,
          // The charts' pods already meet the restricted profile; enforcing it keeps it that way.
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
          },
        },
      },
      k8sOpts,
    );

    const clientSecrets = Object.fromEntries(
      SERVICE_NAMES.filter((s) => SERVICES[s].isServiceClient).map((s) => [
        s,
        new random.RandomPassword(`${name}-${s}-client-secret`, { length: 48, special: false }, { parent: this })
          .result,
      ]),
    );

    const material = pulumi
      .all([allOf(args.mongodbUris), args.jwtPrivateKey, pulumi.all(clientSecrets)])
      .apply(([mongodbUris, jwtPrivateKey, secrets]): SecretMaterial => ({
        mongodbUris,
        jwtPrivateKey,
        clientSecrets: secrets,
      }));

    for (const service of SERVICE_NAMES) {
      const image = args.images[service];
      if (!image) throw new Error(`ecommerce:images has no image for ${service}`);
      const secret = new k8s.core.v1.Secret(
        `${name}-${service}`,
        {
          metadata: { name: `${service}-env`, namespace: namespace.metadata.name },
          type: 'Opaque',
          stringData: pulumi.secret(material.apply((m) => serviceSecretEnvironment(service, m))),
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
          values: serviceValues({
            service,
            image,
            workload: args.workload,
            jwt: args.jwt,
            secretName: secret.metadata.name,
            ingress: args.ingress,
            loadBalancerCidrs: args.loadBalancerCidrs,
          }),
        },
        { ...k8sOpts, dependsOn: [...args.dependsOn, secret] },
      );
    }
    this.registerOutputs({});
  }
}
