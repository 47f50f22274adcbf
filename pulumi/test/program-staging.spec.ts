import { describeAccessAndData } from './helpers/access-and-data-expectations';
import { describeCache } from './helpers/cache-expectations';
import { describeCdn } from './helpers/cdn-expectations';
import { describeEvents } from './helpers/events-expectations';
import { describeFirstUp } from './helpers/first-up-expectations';
import { describeGateway } from './helpers/gateway-expectations';
import { describeInfrastructure } from './helpers/infrastructure-expectations';
import { describeMesh } from './helpers/mesh-expectations';
import { describeRollouts } from './helpers/rollouts-expectations';
import { describeRegistryAccess } from './helpers/registry-access-expectations';
import { ofType, single, type ProgramRun, runProgram } from './helpers/run-program';
import { describeServices } from './helpers/services-expectations';
import { fixtureImages } from './helpers/stack-config';
import { describeTelemetry } from './helpers/telemetry-expectations';
import { describeWorkloads, releaseValues } from './helpers/workload-expectations';

let run: ProgramRun;
beforeAll(async () => {
  // Staging as CD leaves it: the committed file plus the digests set-images recorded.
  run = await runProgram('staging', fixtureImages('staging'));
});

describeInfrastructure('staging', () => run);
describeFirstUp('staging', () => run);
describeAccessAndData('staging', () => run);
describeWorkloads('staging', () => run);
describeServices('staging', () => run);
describeCache('staging', () => run);
describeEvents('staging', () => run);
describeTelemetry('staging', () => run);
// With the services deployed, the CDN is on (docs/decisions/0018-cdn-for-the-catalog.md).
describeCdn('staging', () => run);
describeRollouts('staging', () => run);
describeGateway('staging', () => run);
describeMesh('staging', () => run);
describeRegistryAccess(() => run);

describe('staging is small', () => {
  it('routes every private subnet through a single NAT gateway', () => {
    expect(ofType(run, 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
    const privateRoutes = ofType(run, 'aws:ec2/routeTable:RouteTable').filter((r) => r.name.includes('-private-'));
    const natIds = privateRoutes.map((r) => (r.inputs.routes as { natGatewayId: string }[])[0].natGatewayId);
    expect(new Set(natIds)).toEqual(new Set(['network-eu-west-1a-id']));
  });

  it('runs one database member and services that scale from one replica without a PDB', () => {
    expect(releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', 'database-mongodb')).replicaSet.members).toBe(1);
    const cart = releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', 'services-cart-service'));
    expect(cart.autoscaling.minReplicas).toBe(1);
    expect(cart.pdb).toEqual({ create: false });
  });

  it('runs a single small cache node, without failover', () => {
    expect(single(run, 'aws:elasticache/replicationGroup:ReplicationGroup', 'cache').inputs).toMatchObject({
      nodeType: 'cache.t4g.micro',
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
    });
  });
});
