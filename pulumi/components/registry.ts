import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { lifecyclePolicy } from '../registry/lifecycle';

export { lifecyclePolicy };

export interface RegistryArgs {
  /** Repository name prefix, e.g. `ecommerce-staging`; repositories are `<prefix>/<service>`. */
  prefix: string;
  /** One repository per entry. */
  services: readonly string[];
  /** Days an untagged image survives (build leftovers, superseded manifests). */
  untaggedExpiryDays?: number;
  /** How many builds to keep per repository (images promoted to prod are kept regardless). */
  buildsKept?: number;
}

/** One ECR repository per service: scanned on push, tags immutable so a tag always means the same bytes. */
export class Registry extends pulumi.ComponentResource {
  public readonly repositoryUrls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:registry:Registry', name, {}, opts);
    const policy = JSON.stringify(lifecyclePolicy(args.untaggedExpiryDays ?? 7, args.buildsKept ?? 30));

    for (const service of args.services) {
      const repository = new aws.ecr.Repository(
        `${name}-${service}`,
        {
          name: `${args.prefix}/${service}`,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: 'KMS' }],
        },
        { parent: this },
      );
      new aws.ecr.LifecyclePolicy(`${name}-${service}`, { repository: repository.name, policy }, { parent: this });
      this.repositoryUrls[service] = repository.repositoryUrl;
    }
    this.registerOutputs({ repositoryUrls: this.repositoryUrls });
  }
}
