import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface RegistryArgs {
  /** Repository name prefix, e.g. `ecommerce-staging`; repositories are `<prefix>/<service>`. */
  prefix: string;
  /** One repository per entry. */
  services: readonly string[];
  /** Days an untagged image survives (build leftovers, superseded manifests). */
  untaggedExpiryDays?: number;
  /** How many tagged images to keep per repository; older ones expire. */
  taggedImagesKept?: number;
}

/** ECR lifecycle policy: untagged images go after N days, only the last M tagged images are kept. */
export function lifecyclePolicy(untaggedExpiryDays: number, taggedImagesKept: number) {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedExpiryDays} days`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: untaggedExpiryDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${taggedImagesKept} tagged images`,
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: taggedImagesKept,
        },
        action: { type: 'expire' },
      },
    ],
  };
}

/** One ECR repository per service: scanned on push, tags immutable so a tag always means the same bytes. */
export class Registry extends pulumi.ComponentResource {
  public readonly repositoryUrls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:registry:Registry', name, {}, opts);
    const policy = JSON.stringify(lifecyclePolicy(args.untaggedExpiryDays ?? 7, args.taggedImagesKept ?? 30));

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
