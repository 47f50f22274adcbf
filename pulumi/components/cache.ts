import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { CACHE_PORT, redisUrl } from '../cache/connection';

export interface CacheArgs {
  /** Stack name, in descriptions so the console says which stack a cache belongs to. */
  stack: string;
  /** VPC of the cluster. */
  vpcId: pulumi.Input<string>;
  /** Private subnets, one per zone: the cache is never reachable from the internet. */
  subnetIds: pulumi.Input<string>[];
  /** Security group of the cluster's nodes and pods: the only source admitted on the cache port. */
  clientSecurityGroupId: pulumi.Input<string>;
  /** ElastiCache node type, e.g. `cache.t4g.micro`. */
  nodeType: string;
  /** 1: a single primary. 2 or more: replicas in other zones with automatic failover (Multi-AZ). */
  nodes: number;
}

/** Valkey (the open-source Redis fork ElastiCache prices below Redis OSS); pinned, bumped like a chart. */
export const CACHE_ENGINE = { engine: 'valkey', engineVersion: '8.0' } as const;

/**
 * Shared Valkey for the services' rate-limit windows and product-service's catalog cache, so limits and
 * invalidations hold across replicas. TLS in transit (the services connect with `rediss://`), encrypted at
 * rest, an AUTH token generated here, and a security group that admits only the cluster's workloads.
 * Holds nothing that cannot be rebuilt (counters, cached reads), so it takes no snapshots.
 */
export class Cache extends pulumi.ComponentResource {
  /** `rediss://:<token>@<primary endpoint>:6379`, secret. */
  public readonly redisUrl: pulumi.Output<string>;
  /** For the AWS CLI and console (e.g. retiring an old AUTH token, docs/operations/secrets.md). */
  public readonly replicationGroupId: pulumi.Output<string>;
  public readonly port = CACHE_PORT;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cache:Cache', name, {}, opts);
    const parent = { parent: this };

    const securityGroup = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: `Valkey cache of ecommerce-${args.stack}: port ${CACHE_PORT} from the cluster workloads only`,
        // No egress rules: the cache answers connections, it never opens any.
        tags: { Name: `${name}-${args.stack}` },
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-cluster`,
      {
        securityGroupId: securityGroup.id,
        description: 'Services (pods share their node security group)',
        referencedSecurityGroupId: args.clientSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: CACHE_PORT,
        toPort: CACHE_PORT,
      },
      parent,
    );

    const subnetGroup = new aws.elasticache.SubnetGroup(
      name,
      { description: `Private subnets of ecommerce-${args.stack}`, subnetIds: args.subnetIds },
      parent,
    );

    // ElastiCache allows 16-128 characters and only a few symbols; letters and digits also need no URL escaping.
    const authToken = new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, parent);

    const highlyAvailable = args.nodes > 1;
    const group = new aws.elasticache.ReplicationGroup(
      name,
      {
        description: `Rate limits and catalog cache of ecommerce-${args.stack}`,
        ...CACHE_ENGINE,
        nodeType: args.nodeType,
        numCacheClusters: args.nodes,
        port: CACHE_PORT,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [securityGroup.id],
        automaticFailoverEnabled: highlyAvailable,
        multiAzEnabled: highlyAvailable,
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
        atRestEncryptionEnabled: true,
        authToken: authToken.result,
        // A new token is accepted alongside the old one until an operator drops the old one (secrets.md),
        // so pods still holding the old REDIS_URL keep working while they roll.
        authTokenUpdateStrategy: 'ROTATE',
        // Changes happen when `pulumi up` runs, not silently in the next maintenance window.
        applyImmediately: true,
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: 0,
      },
      parent,
    );

    this.redisUrl = pulumi.secret(
      pulumi
        .all([authToken.result, group.primaryEndpointAddress])
        .apply(([token, host]) => redisUrl({ authToken: token, host })),
    );
    this.replicationGroupId = group.id;
    this.registerOutputs({ replicationGroupId: this.replicationGroupId });
  }
}
