import { EKS_CLUSTER_SECURITY_GROUP, reveal, type Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const LBC = 'platform-aws-load-balancer-controller';

/** What a first `pulumi up` on an empty account would trip over, which the resource list alone hides. */
export function describeFirstUp(stack: StackName, getRun: () => ProgramRun): void {
  describe(`${stack}: the first pulumi up`, () => {
    it('turns off the Load Balancer Controller Service webhook (no Service of type LoadBalancer is used)', () => {
      const values = reveal(single(getRun(), RELEASE, LBC).inputs.values) as Json;
      expect(values.enableServiceMutatorWebhook).toBe(false);
    });

    it('installs every other release after the Load Balancer Controller, whose webhooks refuse objects until it runs', () => {
      const early = ofType(getRun(), RELEASE)
        .filter((release) => release.name !== LBC && !release.dependencies.includes(LBC))
        .map((release) => release.name);
      expect(early).toEqual([]);
    });

    it('labels the services namespace for ALB pod readiness gates', () => {
      const namespace = ofType(getRun(), 'kubernetes:core/v1:Namespace').find(
        (ns) => (ns.inputs as Json).metadata.name === 'ecommerce',
      );
      expect((namespace?.inputs as Json)?.metadata.labels).toMatchObject({
        'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
      });
    });

    it('deploys from a CodeBuild-hosted runner in the private subnets, let into the API private endpoint on 443', () => {
      const project = single(getRun(), 'aws:codebuild/project:Project', 'deploy-runner').inputs as Json;
      expect(project.name).toBe(`ecommerce-${stack}-deploy`);
      expect(project.vpcConfig.subnets).toEqual([
        'network-private-eu-west-1a-id',
        'network-private-eu-west-1b-id',
        'network-private-eu-west-1c-id',
      ]);
      expect(project.vpcConfig.securityGroupIds).toEqual(['deploy-runner-id']);
      const webhook = single(getRun(), 'aws:codebuild/webhook:Webhook', 'deploy-runner').inputs as Json;
      expect(webhook.filterGroups).toEqual([{ filters: [{ type: 'EVENT', pattern: 'WORKFLOW_JOB_QUEUED' }] }]);
      const toApi = single(
        getRun(),
        'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
        'deploy-runner-to-api',
      ).inputs as Json;
      expect(toApi).toMatchObject({
        securityGroupId: EKS_CLUSTER_SECURITY_GROUP,
        referencedSecurityGroupId: 'deploy-runner-id',
        fromPort: 443,
        toPort: 443,
      });
    });

    it('keeps the API private endpoint on, and the public one off unless operators list their own ranges', () => {
      const cluster = single(getRun(), 'eks:index:Cluster', 'cluster').inputs as Json;
      expect(cluster.endpointPrivateAccess).toBe(true);
      expect(cluster.endpointPublicAccess).toBe(false);
      expect(cluster.publicAccessCidrs).toBeUndefined();
    });
  });
}
