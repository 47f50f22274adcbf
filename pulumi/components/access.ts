import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ADMIN_MFA_MAX_AGE_SECONDS, humanTrustPolicy } from '../lib/trust';

export interface AccessArgs {
  /** Stack name; the roles are `ecommerce-<stack>-admin` and `ecommerce-<stack>-operator`. */
  stack: string;
  /** The account the roles trust (its IAM principals, through their own policies or the lists below). */
  accountId: pulumi.Input<string>;
  /** EKS cluster the roles get access entries on. */
  clusterName: pulumi.Input<string>;
  /** Principals (ARNs, `*` allowed) who may assume the admin role; empty: the account's IAM policies decide. */
  admins: string[];
  /** Principals who may assume the read-only operator role; empty: the account's IAM policies decide. */
  operators: string[];
  /** Created after these (the cluster: access entries need it to exist). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

const EKS_POLICY = 'arn:aws:eks::aws:cluster-access-policy';

/** The two roles people administer and watch the stack with; each needs MFA, and each maps to Kubernetes. */
const HUMAN_ROLES = {
  admin: {
    description: 'People administering the stack: AWS administrator and EKS cluster-admin, MFA within the hour',
    awsPolicy: 'arn:aws:iam::aws:policy/AdministratorAccess',
    eksPolicy: `${EKS_POLICY}/AmazonEKSClusterAdminPolicy`,
    maxSessionDuration: 3600,
    maxMfaAgeSeconds: ADMIN_MFA_MAX_AGE_SECONDS,
  },
  operator: {
    // View only: no Secrets in Kubernetes (AmazonEKSViewPolicy), no kms:Decrypt on the backups in AWS.
    description: 'People watching the stack (on call): AWS read-only and EKS view, MFA required',
    awsPolicy: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    eksPolicy: `${EKS_POLICY}/AmazonEKSViewPolicy`,
    maxSessionDuration: 4 * 3600,
    maxMfaAgeSeconds: undefined,
  },
} as const;

export type HumanRole = keyof typeof HUMAN_ROLES;

/**
 * The IAM roles people assume to administer (`ecommerce-<stack>-admin`) or watch (`ecommerce-<stack>-operator`)
 * the stack, MFA required in their trust policies, with an EKS access entry each: cluster-admin for the
 * admin, view for the operator. Machine roles (CI's OIDC roles, IRSA) are elsewhere and carry no MFA
 * condition: they never sign in with one.
 */
export class Access extends pulumi.ComponentResource {
  public readonly roleArns = {} as Record<HumanRole, pulumi.Output<string>>;

  constructor(name: string, args: AccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:access:Access', name, {}, opts);
    const principals: Record<HumanRole, string[]> = { admin: args.admins, operator: args.operators };

    for (const [kind, spec] of Object.entries(HUMAN_ROLES) as [HumanRole, (typeof HUMAN_ROLES)[HumanRole]][]) {
      const role = new aws.iam.Role(
        `${name}-${kind}`,
        {
          // A fixed name: people type it (`aws sts assume-role`, ~/.aws/config), docs/operations/bootstrap.md.
          name: `ecommerce-${args.stack}-${kind}`,
          description: spec.description,
          maxSessionDuration: spec.maxSessionDuration,
          assumeRolePolicy: pulumi
            .output(args.accountId)
            .apply((accountId) =>
              JSON.stringify(
                humanTrustPolicy(accountId, { principals: principals[kind], maxMfaAgeSeconds: spec.maxMfaAgeSeconds }),
              ),
            ),
        },
        { parent: this },
      );
      new aws.iam.RolePolicyAttachment(
        `${name}-${kind}`,
        { role: role.name, policyArn: spec.awsPolicy },
        { parent: this },
      );

      const entry = new aws.eks.AccessEntry(
        `${name}-${kind}`,
        { clusterName: args.clusterName, principalArn: role.arn, type: 'STANDARD' },
        { parent: this, dependsOn: args.dependsOn },
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-${kind}`,
        {
          clusterName: args.clusterName,
          principalArn: entry.principalArn,
          policyArn: spec.eksPolicy,
          accessScope: { type: 'cluster' },
        },
        { parent: this },
      );
      this.roleArns[kind] = role.arn;
    }
    this.registerOutputs({ roleArns: this.roleArns });
  }
}
