import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { lifecyclePolicy } from '../registry/lifecycle';
import { githubOidcTrustPolicy, humanTrustPolicy } from '../lib/trust';

export { lifecyclePolicy };

export interface RegistryArgs {
  /** Repository name prefix, e.g. `ecommerce-staging`; repositories are `<prefix>/<service>`, roles `<prefix>-...`. */
  prefix: string;
  /** One repository per entry. */
  services: readonly string[];
  /** Days an untagged image survives (build leftovers, superseded manifests). */
  untaggedExpiryDays?: number;
  /** How many builds to keep per repository (images promoted to prod are kept regardless). */
  buildsKept?: number;
  /** The account: its GitHub OIDC provider, and the people who may pull. */
  accountId: pulumi.Input<string>;
  /** Principals (ARNs, `*` allowed) who may assume the pull role; empty: the account's IAM policies decide. */
  developers: string[];
  /** GitHub OIDC subjects CI's push role trusts; empty: no push role, and nobody uploads images here. */
  pushSubjects: string[];
  /** Names of machine roles that may add tags to images already here (CD's promotion tags, tag-promoted.sh). */
  taggerRoles: string[];
}

/** Uploading image content: only CI's push role, whatever anyone's IAM policy says. */
const UPLOAD_ACTIONS = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
/** Reading images, what a developer or a node needs. */
export const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages'];
/** What `docker push` and cosign (signature and attestation tags) need on the repositories. */
export const PUSH_ACTIONS = ['ecr:BatchCheckLayerAvailability', ...UPLOAD_ACTIONS, 'ecr:PutImage', ...PULL_ACTIONS];

/**
 * The repository policy: an explicit deny, so it wins over any identity policy in the account (an admin's
 * AdministratorAccess included). Image content comes only from CI's push role; a tag (PutImage) only from it
 * or the release roles named, which tag images CI already pushed. Pulling is left to IAM policies.
 */
export function repositoryPolicy(pushRoleArn: string | undefined, taggerRoleArns: string[]) {
  const except = (arns: string[]) =>
    arns.length > 0 ? { Condition: { ArnNotEquals: { 'aws:PrincipalArn': arns } } } : {};
  const pushers = pushRoleArn ? [pushRoleArn] : [];
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'OnlyCiUploadsImages', Effect: 'Deny', Principal: '*', Action: UPLOAD_ACTIONS, ...except(pushers) },
      {
        Sid: 'OnlyCiAndReleaseRolesTagImages',
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:PutImage',
        ...except([...pushers, ...taggerRoleArns]),
      },
    ],
  };
}

/**
 * One ECR repository per service: scanned on push, tags immutable so a tag always means the same bytes.
 * Team access (docs/operations/images.md#team-access): developers pull through `<prefix>-ecr-pull` (MFA),
 * CI pushes through `<prefix>-ci-ecr-push` (GitHub OIDC, the subjects configured), nobody else writes.
 */
export class Registry extends pulumi.ComponentResource {
  public readonly repositoryUrls: Record<string, pulumi.Output<string>> = {};
  /** The role developers assume to pull (`aws ecr get-login-password`). */
  public readonly pullRoleArn: pulumi.Output<string>;
  /** CI's push role (repository variable AWS_ECR_PUSH_ROLE_ARN); undefined when no subject may push. */
  public readonly pushRoleArn?: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:registry:Registry', name, {}, opts);
    const parent = { parent: this };
    const policy = JSON.stringify(lifecyclePolicy(args.untaggedExpiryDays ?? 7, args.buildsKept ?? 30));
    const accountId = pulumi.output(args.accountId);

    const repositories = args.services.map((service) => {
      const repository = new aws.ecr.Repository(
        `${name}-${service}`,
        {
          name: `${args.prefix}/${service}`,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: 'KMS' }],
        },
        parent,
      );
      new aws.ecr.LifecyclePolicy(`${name}-${service}`, { repository: repository.name, policy }, parent);
      this.repositoryUrls[service] = repository.repositoryUrl;
      return repository;
    });
    const repositoryArns = pulumi.all(repositories.map((r) => r.arn));

    // ecr:GetAuthorizationToken has no resource: the token alone reads nothing, the actions below decide.
    const onRepositories = (actions: string[]) =>
      repositoryArns.apply((arns) =>
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
            { Effect: 'Allow', Action: actions, Resource: arns },
          ],
        }),
      );

    const pullRole = new aws.iam.Role(
      `${name}-pull`,
      {
        name: `${args.prefix}-ecr-pull`,
        description: `Developers pulling ${args.prefix}/* images (MFA required); never push`,
        maxSessionDuration: 4 * 3600,
        assumeRolePolicy: accountId.apply((id) =>
          JSON.stringify(humanTrustPolicy(id, { principals: args.developers })),
        ),
      },
      parent,
    );
    new aws.iam.RolePolicy(`${name}-pull`, { role: pullRole.name, policy: onRepositories(PULL_ACTIONS) }, parent);
    this.pullRoleArn = pullRole.arn;

    if (args.pushSubjects.length > 0) {
      // A machine role: GitHub's OIDC token never carries MFA, so no MFA condition (it would lock CI out); the
      // trust is bound to this repository's subjects instead (lib/trust.ts).
      const pushRole = new aws.iam.Role(
        `${name}-push`,
        {
          name: `${args.prefix}-ci-ecr-push`,
          description: `CI (GitHub OIDC: ${args.pushSubjects.join(', ')}) pushing and signing ${args.prefix}/* images`,
          assumeRolePolicy: accountId.apply((id) => JSON.stringify(githubOidcTrustPolicy(id, args.pushSubjects))),
        },
        parent,
      );
      new aws.iam.RolePolicy(`${name}-push`, { role: pushRole.name, policy: onRepositories(PUSH_ACTIONS) }, parent);
      this.pushRoleArn = pushRole.arn;
    }

    const pushRoleArn = this.pushRoleArn ?? pulumi.output(undefined);
    repositories.forEach((repository, i) => {
      new aws.ecr.RepositoryPolicy(
        `${name}-${args.services[i]}`,
        {
          repository: repository.name,
          policy: pulumi.all([pushRoleArn, accountId]).apply(([pushArn, id]) =>
            JSON.stringify(
              repositoryPolicy(
                pushArn,
                args.taggerRoles.map((role) => `arn:aws:iam::${id}:role/${role}`),
              ),
            ),
          ),
        },
        parent,
      );
    });

    this.registerOutputs({
      repositoryUrls: this.repositoryUrls,
      pullRoleArn: this.pullRoleArn,
      pushRoleArn: this.pushRoleArn,
    });
  }
}
