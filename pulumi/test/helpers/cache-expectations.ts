import { committedConfig } from './infrastructure-expectations';
import { EKS_CLUSTER_SECURITY_GROUP, isSecret, reveal, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';

const GROUP = 'aws:elasticache/replicationGroup:ReplicationGroup';

/** Expectations both stacks must meet on the shared cache (rate limits, catalog cache). */
export function describeCache(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const cache = () => single(run(), GROUP, 'cache').inputs as Json;

  describe(`${stack}: cache`, () => {
    it('runs Valkey encrypted in transit (TLS required) and at rest, behind a generated AUTH token', () => {
      expect(cache()).toMatchObject({
        engine: 'valkey',
        port: 6379,
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
        atRestEncryptionEnabled: true,
      });
      expect(isSecret(cache().authToken)).toBe(true);
      expect(reveal(cache().authToken)).toBe('generated-cache-auth-token-xxxxxxxx');
      const token = single(run(), 'random:index/randomPassword:RandomPassword', 'cache-auth-token').inputs;
      // Letters and digits only: ElastiCache refuses most symbols, and the token sits inside a URL.
      expect(token).toMatchObject({ length: 64, special: false });
    });

    it('places the cache in the three private subnets, nowhere public', () => {
      const subnetGroup = single(run(), 'aws:elasticache/subnetGroup:SubnetGroup', 'cache').inputs;
      const privateSubnetIds = ofType(run(), 'aws:ec2/subnet:Subnet')
        .filter((s) => s.name.includes('-private-'))
        .map((s) => `${s.name}-id`);
      expect(subnetGroup.subnetIds).toEqual(privateSubnetIds);
      expect(cache().subnetGroupName).toBe('cache-subnets');
    });

    it('admits only the cluster’s nodes and pods, on the cache port only', () => {
      expect(cache().securityGroupIds).toEqual(['cache-id']);
      const group = single(run(), 'aws:ec2/securityGroup:SecurityGroup', 'cache').inputs;
      expect(group.vpcId).toBe('network-id');
      expect(group.ingress ?? []).toEqual([]);
      expect(group.egress ?? []).toEqual([]);
      const rules = [
        ...ofType(run(), 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule'),
        ...ofType(run(), 'aws:ec2/securityGroupRule:SecurityGroupRule'),
      ].filter((r) => r.inputs.securityGroupId === 'cache-id');
      expect(rules.map((r) => r.inputs)).toEqual([
        expect.objectContaining({
          referencedSecurityGroupId: EKS_CLUSTER_SECURITY_GROUP,
          ipProtocol: 'tcp',
          fromPort: 6379,
          toPort: 6379,
        }),
      ]);
      expect(rules[0].inputs).not.toHaveProperty('cidrIpv4');
    });

    it('exports the replication group id for the AWS CLI, and nothing of the token', async () => {
      expect(await outputValue(run().outputs.cacheReplicationGroupId)).toBe('cache-id');
      expect(JSON.stringify(Object.keys(run().outputs))).not.toMatch(/redis|token/i);
    });

    it('is sized from the stack config, with failover across zones exactly when it has a replica', () => {
      const { nodeType, nodes } = config['ecommerce:cache'];
      expect(cache()).toMatchObject({
        nodeType,
        numCacheClusters: nodes,
        automaticFailoverEnabled: nodes > 1,
        multiAzEnabled: nodes > 1,
      });
    });
  });
}
