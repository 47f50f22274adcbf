import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { StackSettings } from '../config/settings';
import { AMQPS_PORT, BROKER_USER, amqpUrl } from '../messaging/connection';

export interface BrokerArgs {
  /** Stack name, in names and descriptions so the console says which stack a broker belongs to. */
  stack: string;
  /** VPC of the cluster. */
  vpcId: pulumi.Input<string>;
  /** Private subnets, one per zone: the broker is never reachable from the internet. */
  subnetIds: pulumi.Input<string>[];
  /** Security group of the cluster's nodes and pods: the only source admitted on the broker. */
  clientSecurityGroupId: pulumi.Input<string>;
  /** Deployment mode and instance type, from `ecommerce:messaging`. */
  settings: StackSettings['messaging'];
}

/** Amazon MQ's RabbitMQ engine, pinned like a chart; minor versions follow AWS (required from 3.13 on). */
export const BROKER_ENGINE = { engineType: 'RabbitMQ', engineVersion: '3.13' } as const;

/**
 * The event bus: Amazon MQ for RabbitMQ in the private subnets, not publicly accessible, AMQP over TLS only
 * (5671), reachable from the cluster's workloads only. One instance in staging; a three-node cluster across zones
 * in prod (`ecommerce:messaging.deploymentMode`). Its one user's password is generated here and reaches the
 * services only inside their Secrets, as part of `amqpUrl`.
 */
export class Broker extends pulumi.ComponentResource {
  /** `amqps://ecommerce:<password>@<broker>:5671`, secret. */
  public readonly amqpUrl: pulumi.Output<string>;
  /** For the AWS console and CLI (the management console link, runbooks). */
  public readonly brokerId: pulumi.Output<string>;
  public readonly port = AMQPS_PORT;

  constructor(name: string, args: BrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:messaging:Broker', name, {}, opts);
    const parent = { parent: this };

    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: `RabbitMQ broker of ecommerce-${args.stack}: AMQPS from the cluster workloads only`,
        // No egress rules: the broker answers connections, it never opens any.
        tags: { Name: `${name}-${args.stack}` },
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-amqps-from-cluster`,
      {
        securityGroupId: securityGroup.id,
        description: 'Services on the bus (pods share their node security group)',
        referencedSecurityGroupId: args.clientSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: AMQPS_PORT,
        toPort: AMQPS_PORT,
      },
      parent,
    );

    // Amazon MQ refuses commas, colons and equals signs and wants 12 or more characters; letters and digits
    // also need no escaping in the URL.
    const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, parent);

    const cluster = args.settings.deploymentMode === 'CLUSTER_MULTI_AZ';
    const broker = new aws.mq.Broker(
      name,
      {
        brokerName: `ecommerce-${args.stack}-events`,
        ...BROKER_ENGINE,
        hostInstanceType: args.settings.instanceType,
        deploymentMode: args.settings.deploymentMode,
        publiclyAccessible: false,
        // A single instance lives in one subnet; a cluster spreads its three nodes over the zones.
        subnetIds: cluster ? args.subnetIds : [args.subnetIds[0]],
        securityGroups: [securityGroup.id],
        users: [{ username: BROKER_USER, password: password.result }],
        autoMinorVersionUpgrade: true,
        // Changes happen when `pulumi up` runs, not silently in the next maintenance window.
        applyImmediately: true,
        maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '03:00', timeZone: 'UTC' },
        logs: { general: true },
        tags: { Name: `ecommerce-${args.stack}-events` },
      },
      parent,
    );

    const endpoint = broker.instances.apply((instances) => {
      const found = instances?.[0]?.endpoints?.find((e) => e.startsWith('amqps://'));
      if (!found) throw new Error(`broker ecommerce-${args.stack}-events has no amqps:// endpoint`);
      return found;
    });
    this.amqpUrl = pulumi.secret(
      pulumi
        .all([endpoint, password.result])
        .apply(([e, p]) => amqpUrl({ endpoint: e, username: BROKER_USER, password: p })),
    );
    this.brokerId = broker.id;
    this.registerOutputs({ brokerId: this.brokerId });
  }
}
