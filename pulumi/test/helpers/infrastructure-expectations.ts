import * as YAML from 'yaml';
import { lifecyclePolicy } from '../../components/registry';
import { SERVICE_NAMES } from '../../config/services';
import type { Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import { stackFileText, type StackName } from './stack-config';

/** The stack's committed config, as the program reads it. */
export function committedConfig(stack: StackName): Json {
  return YAML.parse(stackFileText(stack)).config;
}

/** Expectations both stacks must meet: components, network, cluster and registry. */
export function describeInfrastructure(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);

  describe(`${stack}: components`, () => {
    it('composes one component per concern, each with a pkg:module:Type token', () => {
      const tokens = run()
        .resources.filter((r) => r.type.startsWith('ecommerce:'))
        .map((r) => r.type);
      for (const concern of [
        'network',
        'cluster',
        'registry',
        'platform',
        'database',
        'backups',
        'observability',
        'edge',
        'cost',
        'cache',
        'services',
      ]) {
        expect(tokens).toContainEqual(expect.stringMatching(new RegExp(`^ecommerce:${concern}:[A-Z][A-Za-z]+$`)));
      }
    });

    it('creates every Kubernetes resource through the cluster component provider, never the ambient kubeconfig', () => {
      const kubernetesResources = run().resources.filter((r) => r.type.startsWith('kubernetes:'));
      expect(kubernetesResources.length).toBeGreaterThan(10);
      for (const resource of kubernetesResources) {
        expect(resource.provider).toMatch(/pulumi:providers:kubernetes::cluster::/);
      }
    });
  });

  describe(`${stack}: network`, () => {
    it('spans three zones with a public and a private subnet in each, inside the configured VPC range', () => {
      expect(single(run(), 'aws:ec2/vpc:Vpc', 'network').inputs.cidrBlock).toBe(config['ecommerce:network'].cidrBlock);
      const subnets = ofType(run(), 'aws:ec2/subnet:Subnet').map((s) => s.inputs);
      expect(subnets).toHaveLength(6);
      expect(new Set(subnets.map((s) => s.availabilityZone))).toEqual(
        new Set(config['ecommerce:network'].availabilityZones),
      );
      const tagged = (role: string) => subnets.filter((s) => (s.tags as Record<string, string>)[role] === '1');
      expect(tagged('kubernetes.io/role/elb')).toHaveLength(3);
      expect(tagged('kubernetes.io/role/internal-elb')).toHaveLength(3);
      expect(subnets.every((s) => s.mapPublicIpOnLaunch !== true)).toBe(true);
    });
  });

  describe(`${stack}: cluster`, () => {
    const cluster = () => single(run(), 'eks:index:Cluster', 'cluster').inputs;

    it('authenticates through the EKS API with access entries and has OIDC for IRSA', () => {
      expect(cluster().authenticationMode).toBe('API');
      expect(cluster().createOidcProvider).toBe(true);
      expect(cluster().name).toBe(`ecommerce-${stack}`);
      expect(cluster().version).toBe(config['ecommerce:cluster'].kubernetesVersion);
    });

    it('keeps nodes private, logs every control-plane log type and encrypts Secrets with KMS', () => {
      expect(cluster().nodeAssociatePublicIpAddress).toBe(false);
      expect(cluster().skipDefaultNodeGroup).toBe(true);
      expect(cluster().enabledClusterLogTypes).toEqual([
        'api',
        'audit',
        'authenticator',
        'controllerManager',
        'scheduler',
      ]);
      expect(cluster().encryptionConfigKeyArn).toEqual(expect.stringContaining('cluster-secrets'));
      // The committed stacks list no operator range: the public endpoint is off, CD uses the private one.
      expect(cluster().endpointPrivateAccess).toBe(true);
      expect(cluster().endpointPublicAccess).toBe(config['ecommerce:cluster'].publicAccessCidrs.length > 0);
    });

    it('runs the VPC CNI with network policy enforcement, and installs CoreDNS and EBS CSI as managed add-ons', () => {
      expect(cluster().vpcCniOptions).toMatchObject({ enableNetworkPolicy: true });
      expect(cluster().corednsAddonOptions).toEqual(expect.objectContaining({ enabled: false }));
      const addons = ofType(run(), 'aws:eks/addon:Addon').map((a) => a.inputs.addonName);
      expect(addons).toEqual(
        expect.arrayContaining(['coredns', 'aws-ebs-csi-driver', 'amazon-cloudwatch-observability']),
      );
    });

    it('has t3.medium managed nodes in the private subnets: one group across zones in staging, one per zone in prod', () => {
      const privateSubnetIds = ofType(run(), 'aws:ec2/subnet:Subnet')
        .filter((s) => s.name.includes('-private-'))
        .map((s) => `${s.name}-id`);
      const groups = ofType(run(), 'eks:index:ManagedNodeGroup');
      for (const group of groups) {
        expect(group.inputs.instanceTypes).toEqual(['t3.medium']);
        expect(group.inputs.ignoreScalingChanges).toBe(true);
      }
      if (stack === 'staging') {
        expect(groups.map((g) => g.name)).toEqual(['cluster-nodes']);
        expect(groups[0].inputs.scalingConfig).toEqual({ minSize: 2, maxSize: 4, desiredSize: 3 });
        expect(groups[0].inputs.subnetIds).toEqual(privateSubnetIds);
      } else {
        expect(groups.map((g) => [g.name, g.inputs.subnetIds])).toEqual(
          ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].map((zone) => [
            `cluster-nodes-${zone}`,
            [`network-private-${zone}-id`],
          ]),
        );
        for (const group of groups)
          expect(group.inputs.scalingConfig).toEqual({ minSize: 1, maxSize: 2, desiredSize: 1 });
      }
    });

    it('makes an encrypted, expandable gp3 class the default StorageClass', () => {
      const gp3 = single(run(), 'kubernetes:storage.k8s.io/v1:StorageClass', 'cluster-gp3').inputs as Json;
      expect(gp3.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
      expect(gp3).toMatchObject({
        provisioner: 'ebs.csi.aws.com',
        parameters: { type: 'gp3', encrypted: 'true' },
        allowVolumeExpansion: true,
      });
      expect(gp3.volumeBindingMode).toBe('WaitForFirstConsumer');
    });
  });

  describe(`${stack}: registry`, () => {
    it('has one repository per service: scan on push, immutable tags, KMS encryption', () => {
      const repositories = ofType(run(), 'aws:ecr/repository:Repository').map((r) => r.inputs);
      expect(repositories.map((r) => r.name)).toEqual(SERVICE_NAMES.map((s) => `ecommerce-${stack}/${s}`));
      for (const repository of repositories) {
        expect(repository).toMatchObject({
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
        });
      }
    });

    it('gives every repository the lifecycle policy that keeps promoted images (registry-lifecycle.spec.ts)', () => {
      const policies = ofType(run(), 'aws:ecr/lifecyclePolicy:LifecyclePolicy');
      expect(policies).toHaveLength(SERVICE_NAMES.length);
      for (const policy of policies) expect(JSON.parse(String(policy.inputs.policy))).toEqual(lifecyclePolicy(7, 30));
    });
  });
}
