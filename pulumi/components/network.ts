import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { subnetLayout } from '../lib/cidr';

export interface NetworkArgs {
  /** The VPC's IPv4 range, e.g. `10.20.0.0/16`; subnets are carved from it. */
  cidrBlock: string;
  /** Exactly three availability zones; one public and one private subnet in each. */
  availabilityZones: string[];
  /**
   * `single`: one NAT gateway for all private subnets (cheaper; a zone outage cuts egress).
   * `perZone`: one NAT gateway per zone, each private subnet routed through its own zone's gateway.
   */
  natGateways: 'single' | 'perZone';
  /** EKS cluster name, for the subnet tags the AWS Load Balancer Controller discovers subnets by. */
  clusterName: string;
}

/** VPC over three zones: public subnets for load balancers and NAT, private subnets for nodes and pods. */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  /** Ranges of the public subnets: where the ALB connects to pods from. */
  public readonly publicSubnetCidrs: string[];
  /** Ranges of the private subnets: nodes, pods and the cache live there. */
  public readonly privateSubnetCidrs: string[];
  public readonly natGatewayCount: number;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:network:Network', name, {}, opts);
    const parent = { parent: this };
    const { privateCidrs, publicCidrs } = subnetLayout(args.cidrBlock, args.availabilityZones.length);
    const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: 'shared' };

    const vpc = new aws.ec2.Vpc(
      name,
      { cidrBlock: args.cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } },
      parent,
    );
    const internetGateway = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: { Name: name } }, parent);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id }],
        tags: { Name: `${name}-public` },
      },
      parent,
    );

    const publicSubnets = args.availabilityZones.map((zone, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-public-${zone}`,
        {
          vpcId: vpc.id,
          availabilityZone: zone,
          cidrBlock: publicCidrs[i],
          // Nothing in a public subnet needs a public IP by default; the NAT gateways get Elastic IPs.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-public-${zone}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${zone}`,
        { subnetId: subnet.id, routeTableId: publicRoutes.id },
        parent,
      );
      return subnet;
    });

    this.natGatewayCount = args.natGateways === 'perZone' ? args.availabilityZones.length : 1;
    const natGateways = publicSubnets.slice(0, this.natGatewayCount).map((subnet, i) => {
      const zone = args.availabilityZones[i];
      const eip = new aws.ec2.Eip(
        `${name}-nat-${zone}`,
        { domain: 'vpc', tags: { Name: `${name}-nat-${zone}` } },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-${zone}`,
        { allocationId: eip.id, subnetId: subnet.id, tags: { Name: `${name}-${zone}` } },
        { parent: this, dependsOn: [internetGateway] },
      );
    });

    const privateSubnets = args.availabilityZones.map((zone, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-private-${zone}`,
        {
          vpcId: vpc.id,
          availabilityZone: zone,
          cidrBlock: privateCidrs[i],
          tags: { Name: `${name}-private-${zone}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
        },
        parent,
      );
      // With a single NAT every zone shares gateway 0; with one per zone each zone keeps its egress local.
      const nat = natGateways[Math.min(i, natGateways.length - 1)];
      const routes = new aws.ec2.RouteTable(
        `${name}-private-${zone}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
          tags: { Name: `${name}-private-${zone}` },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${zone}`,
        { subnetId: subnet.id, routeTableId: routes.id },
        parent,
      );
      return subnet;
    });

    this.vpcId = vpc.id;
    this.publicSubnetCidrs = publicCidrs;
    this.privateSubnetCidrs = privateCidrs;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
