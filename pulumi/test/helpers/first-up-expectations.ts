import { reveal, type Json } from './mocks';
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
  });
}
