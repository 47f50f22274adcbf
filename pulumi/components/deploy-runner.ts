import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface DeployRunnerArgs {
  /** CodeBuild project name; workflows run on `codebuild-<name>-<run id>-<attempt>`. */
  projectName: string;
  /** GitHub repository (`owner/name`) whose workflow jobs this runner takes. */
  repository: string;
  vpcId: pulumi.Input<string>;
  /** Private subnets: the runner leaves through the NAT gateways and reaches the API's private endpoint. */
  subnetIds: pulumi.Input<string>[];
  /** The security group on the EKS API's private endpoint (the cluster security group). */
  clusterSecurityGroupId: pulumi.Input<string>;
}

/** Where the runner image comes from; AWS-managed, patched by AWS. */
const RUNNER_IMAGE = 'aws/codebuild/amazonlinux-x86_64-standard:5.0';

/**
 * The runner CD deploys from: a CodeBuild-hosted GitHub Actions runner in the stack's private subnets.
 * GitHub-hosted runners leave from more address ranges than an EKS public endpoint accepts (40 CIDRs), so
 * the deploy jobs run here instead and reach the Kubernetes API through its private endpoint, allowed in
 * by the cluster security group from this runner's group only. The job's AWS permissions still come from
 * GitHub OIDC (configure-aws-credentials); the project's own role can only write its logs and attach to
 * the VPC. The GitHub connection CodeBuild uses is a one-time account setting (docs/pulumi/bootstrap.md).
 */
export class DeployRunner extends pulumi.ComponentResource {
  public readonly projectName: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cd:DeployRunner', name, {}, opts);
    const parent = { parent: this };

    const group = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: 'CD runner: out to the internet (npm, GitHub, Pulumi, AWS APIs) and the EKS API',
        egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-to-api`,
      {
        securityGroupId: args.clusterSecurityGroupId,
        referencedSecurityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'CD runner to the Kubernetes API (private endpoint)',
      },
      parent,
    );

    const role = new aws.iam.Role(
      name,
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      name,
      {
        role: role.name,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: '*',
            },
            {
              // What CodeBuild needs to run a build inside a VPC.
              Effect: 'Allow',
              Action: [
                'ec2:CreateNetworkInterface',
                'ec2:DeleteNetworkInterface',
                'ec2:DescribeNetworkInterfaces',
                'ec2:DescribeSubnets',
                'ec2:DescribeSecurityGroups',
                'ec2:DescribeDhcpOptions',
                'ec2:DescribeVpcs',
                'ec2:CreateNetworkInterfacePermission',
              ],
              Resource: '*',
            },
          ],
        }),
      },
      parent,
    );

    const project = new aws.codebuild.Project(
      name,
      {
        name: args.projectName,
        description: `GitHub Actions runner for the deploy jobs of ${args.repository}, inside the stack's VPC`,
        serviceRole: role.arn,
        source: { type: 'GITHUB', location: `https://github.com/${args.repository}.git` },
        artifacts: { type: 'NO_ARTIFACTS' },
        environment: { type: 'LINUX_CONTAINER', computeType: 'BUILD_GENERAL1_MEDIUM', image: RUNNER_IMAGE },
        vpcConfig: { vpcId: args.vpcId, subnets: args.subnetIds, securityGroupIds: [group.id] },
        buildTimeout: 90,
      },
      parent,
    );
    new aws.codebuild.Webhook(
      name,
      {
        projectName: project.name,
        buildType: 'BUILD',
        filterGroups: [{ filters: [{ type: 'EVENT', pattern: 'WORKFLOW_JOB_QUEUED' }] }],
      },
      parent,
    );

    this.projectName = project.name;
    this.securityGroupId = group.id;
    this.registerOutputs({ projectName: this.projectName });
  }
}
