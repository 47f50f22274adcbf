import { readImages, promoteImages, writeImages } from '../scripts/lib/image-config';
import { describeAccessAndData } from './helpers/access-and-data-expectations';
import { describeBackupReplication } from './helpers/backup-replication-expectations';
import { describeCache } from './helpers/cache-expectations';
import { describeCdn } from './helpers/cdn-expectations';
import { describeEvents } from './helpers/events-expectations';
import { describeFirstUp } from './helpers/first-up-expectations';
import { describeGateway } from './helpers/gateway-expectations';
import { describeInfrastructure } from './helpers/infrastructure-expectations';
import { describeMesh } from './helpers/mesh-expectations';
import { describeRollouts } from './helpers/rollouts-expectations';
import { ofType, single, type ProgramRun, runProgram } from './helpers/run-program';
import { describeServices } from './helpers/services-expectations';
import { fixtureImages, stackFileText } from './helpers/stack-config';
import { describeTelemetry } from './helpers/telemetry-expectations';
import { describeWorkloads, releaseValues } from './helpers/workload-expectations';
import type { ImageRef } from '../config/images';
import type { ServiceName } from '../config/services';

// Prod as a release manager leaves it: staging's verified digests promoted into Pulumi.prod.yaml.
const stagingFile = writeImages(stackFileText('staging'), fixtureImages('staging', 'verified-build')).text;
const promoted = readImages(promoteImages(stagingFile, stackFileText('prod')).text) as Record<ServiceName, ImageRef>;

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', promoted);
});

describeInfrastructure('prod', () => run);
describeFirstUp('prod', () => run);
describeAccessAndData('prod', () => run);
describeWorkloads('prod', () => run);
describeServices('prod', () => run);
describeCache('prod', () => run);
describeEvents('prod', () => run);
describeTelemetry('prod', () => run);
// With the services deployed, the CDN is on (docs/decisions/0018-cdn-for-the-catalog.md).
describeCdn('prod', () => run);
describeRollouts('prod', () => run);
describeGateway('prod', () => run);
describeMesh('prod', () => run);
describeBackupReplication(() => run);

describe('prod is highly available', () => {
  it('has a NAT gateway in each zone, and each private subnet leaves through its own zone', () => {
    const nats = ofType(run, 'aws:ec2/natGateway:NatGateway');
    expect(nats.map((n) => n.inputs.subnetId).sort()).toEqual([
      'network-public-eu-west-1a-id',
      'network-public-eu-west-1b-id',
      'network-public-eu-west-1c-id',
    ]);
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      const routes = single(run, 'aws:ec2/routeTable:RouteTable', `network-private-${zone}`).inputs.routes as {
        natGatewayId: string;
      }[];
      expect(routes[0].natGatewayId).toBe(`network-${zone}-id`);
    }
  });

  it('runs three database members and services that keep two replicas and a PDB', () => {
    expect(releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', 'database-mongodb')).replicaSet.members).toBe(3);
    for (const r of ofType(run, 'kubernetes:helm.sh/v3:Release').filter((x) => x.name.startsWith('services-'))) {
      expect(releaseValues(r).autoscaling.minReplicas).toBe(2);
      expect(releaseValues(r).pdb).toEqual({ create: true, maxUnavailable: 1 });
    }
  });

  it('sizes user-service for password hashing and every other service as the shared workload', () => {
    const services = ofType(run, 'kubernetes:helm.sh/v3:Release').filter((x) => x.name.startsWith('services-'));
    const sizing = (r: (typeof services)[number]) => ({
      cpu: releaseValues(r).resources.requests.cpu,
      autoscaling: releaseValues(r).autoscaling,
    });
    for (const r of services)
      expect(sizing(r)).toEqual(
        r.name === 'services-user-service'
          ? {
              cpu: '500m',
              autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8, targetCPUUtilizationPercentage: 60 },
            }
          : {
              cpu: '250m',
              autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
            },
      );
    expect(services.map((r) => r.name)).toContain('services-user-service');
  });

  it('keeps a cache replica in another zone that takes over automatically', () => {
    expect(single(run, 'aws:elasticache/replicationGroup:ReplicationGroup', 'cache').inputs).toMatchObject({
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
    });
  });

  it('deploys exactly the digests staging verified', () => {
    for (const r of ofType(run, 'kubernetes:helm.sh/v3:Release').filter((x) => x.name.startsWith('services-'))) {
      const service = r.name.replace('services-', '') as ServiceName;
      expect(releaseValues(r).image.digest).toBe(fixtureImages('staging', 'verified-build')[service].digest);
    }
  });
});
