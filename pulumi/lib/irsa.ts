import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** Where the cluster's OIDC identity provider lives; produced by the cluster component. */
export interface OidcProvider {
  /** ARN of the IAM OIDC provider created for the cluster. */
  arn: pulumi.Input<string>;
  /** Issuer host and path without `https://`, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC`. */
  issuer: pulumi.Input<string>;
}

/**
 * Trust policy that lets exactly one Kubernetes service account assume a role. Both `sub` and `aud` are
 * pinned with StringEquals: a wildcard here would let any pod in the cluster take the role.
 */
export function serviceAccountTrustPolicy(
  providerArn: string,
  issuer: string,
  namespace: string,
  serviceAccount: string,
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}

export interface IrsaRoleArgs {
  /** The cluster's OIDC provider. */
  oidc: OidcProvider;
  /** Namespace of the service account allowed to assume the role. */
  namespace: string;
  /** Name of the service account allowed to assume the role. */
  serviceAccount: string;
  /** AWS managed policies to attach, by ARN. */
  managedPolicyArns?: string[];
  /** An inline policy document (JSON string) for permissions no managed policy grants narrowly enough. */
  inlinePolicy?: pulumi.Input<string>;
}

/** An IAM role for one Kubernetes service account (IRSA) with its permissions. */
export class IrsaRole extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:iam:IrsaRole', name, {}, opts);
    const trust = pulumi
      .all([args.oidc.arn, args.oidc.issuer])
      .apply(([arn, issuer]) =>
        JSON.stringify(serviceAccountTrustPolicy(arn, issuer, args.namespace, args.serviceAccount)),
      );
    this.role = new aws.iam.Role(
      name,
      { assumeRolePolicy: trust, description: `IRSA for ${args.namespace}/${args.serviceAccount}` },
      { parent: this },
    );
    for (const policyArn of args.managedPolicyArns ?? []) {
      // Named after the policy, not its position, so reordering the list replaces nothing.
      const policyName = policyArn.split('/').pop();
      new aws.iam.RolePolicyAttachment(`${name}-${policyName}`, { role: this.role.name, policyArn }, { parent: this });
    }
    if (args.inlinePolicy) {
      new aws.iam.RolePolicy(name, { role: this.role.name, policy: args.inlinePolicy }, { parent: this });
    }
    this.arn = this.role.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
