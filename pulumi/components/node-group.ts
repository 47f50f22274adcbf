import * as aws from '@pulumi/aws';
import * as eks from '@pulumi/eks';
import * as pulumi from '@pulumi/pulumi';

export interface NodeGroupArgs {
  /** The cluster the nodes join. */
  cluster: eks.Cluster;
  /** Private subnets only (nodes are never reachable from the internet), with the zone each is in. */
  subnets: { zone: string; id: pulumi.Input<string> }[];
  /**
   * One managed node group per zone (sizes then count per zone) instead of one across all zones. Volumes are
   * zonal: the Cluster Autoscaler can only add a node in the zone a pending pod's volume is in when that
   * zone has a group of its own (its documented requirement for zonal storage).
   */
  perZone: boolean;
  /** EC2 instance type of every node, e.g. `t3.medium`. */
  instanceType: string;
  /** Floor the Cluster Autoscaler never scales below (per group). */
  minSize: number;
  /** Ceiling the Cluster Autoscaler never scales above (and the cost estimate assumes). */
  maxSize: number;
  /** Node count at creation; afterwards the Cluster Autoscaler owns it. */
  desiredSize: number;
  /** Root volume size in GiB (images and emptyDir live there). */
  diskSizeGb: number;
}

const NODE_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
  'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  // Session Manager instead of SSH: no key pairs, no open port 22, every session audited.
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
];

/**
 * An EKS managed node group with its IAM role. With API authentication EKS creates the node role's
 * access entry itself, so nothing edits aws-auth.
 */
export class NodeGroup extends pulumi.ComponentResource {
  constructor(name: string, args: NodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cluster:NodeGroup', name, {}, opts);
    const parent = { parent: this };

    const role = new aws.iam.Role(
      name,
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
      parent,
    );
    const attachments = NODE_POLICIES.map(
      (policyArn) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-${policyArn.split('/').pop()}`,
          { role: role.name, policyArn },
          parent,
        ),
    );

    const groups = args.perZone
      ? args.subnets.map((subnet) => ({ name: `${name}-${subnet.zone}`, subnetIds: [subnet.id] }))
      : [{ name, subnetIds: args.subnets.map((subnet) => subnet.id) }];
    for (const group of groups) {
      new eks.ManagedNodeGroup(
        group.name,
        {
          cluster: args.cluster,
          nodeRole: role,
          subnetIds: group.subnetIds,
          instanceTypes: [args.instanceType],
          capacityType: 'ON_DEMAND',
          diskSize: args.diskSizeGb,
          scalingConfig: { minSize: args.minSize, maxSize: args.maxSize, desiredSize: args.desiredSize },
          // The Cluster Autoscaler changes the desired size at run time; Pulumi must not undo it on every `up`.
          ignoreScalingChanges: true,
          labels: { 'ecommerce/node-pool': 'general' },
        },
        // Nodes cannot join before their role can pull images and configure networking.
        { parent: this, dependsOn: attachments },
      );
    }

    this.registerOutputs({});
  }
}
